import { expect } from 'vitest';
import type { Camera } from '../../camera/camera.ts';
import { type OnvifServiceName, onvifUrl } from '../../camera/uris.ts';
import { NS } from '../../wire/soap-writer.ts';
import { DEVICEIO_NS } from '../services/deviceio-service.ts';
import { type XmlElement, child, parseXml, textAt } from '../../wire/xml-element.ts';
import { ADMIN } from './onvif-fixture.ts';
import { httpRequest, soapEnvelope } from './http-soap-client.ts';
import { OnvifWsdlFixture } from './onvif-wsdl-fixture.ts';

/** The prefix each service's operations carry in requests, as the ONVIF test tool writes them. */
const PREFIX: Record<OnvifServiceName, string> = {
  device: 'tds',
  media: 'trt',
  media2: 'tr2',
  ptz: 'tptz',
  events: 'tev',
  imaging: 'timg',
  deviceio: 'tmd',
  recording: 'trc',
  search: 'tse',
  replay: 'trp',
};
const NS_TT = `xmlns:tt="${NS.tt}"`;

export interface SpecReply {
  status: number;
  /** The response element (…Response), or env:Fault. */
  el: XmlElement;
  /** 'env:Sender ter:InvalidArgVal/ter:NoProfile' for a fault. */
  fault: string | undefined;
}

function parseReply(status: number, body: string): SpecReply {
  const env = parseXml(body);
  const el = child(env, 'Body')!.children[0]!;
  if (el.local !== 'Fault') return { status, el, fault: undefined };
  const subcodes: string[] = [];
  for (let sub = child(child(el, 'Code'), 'Subcode'); sub !== undefined; sub = child(sub, 'Subcode'))
    subcodes.push(textAt(sub, 'Value') ?? '');
  return { status, el, fault: `${textAt(el, 'Code', 'Value') ?? ''} ${subcodes.join('/')}` };
}

/** Answers kept per operation for schema validation: a few variants each, not every repeat. */
const KEPT_PER_OPERATION = 3;

/** A client that speaks to one camera the way the ONVIF Device Test Tool's steps do: WS-UsernameToken digest, SOAP 1.2. */
export class SpecClient {
  /** Successful responses, kept so a test can validate them against the ONVIF schemas. */
  readonly responses: Array<{ name: string; xml: string }> = [];

  constructor(
    readonly camera: Camera,
    private readonly user: { username: string; password: string } = ADMIN,
  ) {}

  async call(service: OnvifServiceName, operation: string, inner = ''): Promise<SpecReply> {
    const p = PREFIX[service];
    const body = soapEnvelope(
      `<${p}:${operation} xmlns:${p}="${nsOf(service)}" ${NS_TT}>${inner}</${p}:${operation}>`,
      this.user,
    );
    const reply = await httpRequest(onvifUrl(this.camera, service), 'POST', body);
    const parsed = parseReply(reply.status, reply.body);
    const name = `${service}.${operation}`;
    if (parsed.fault === undefined && this.responses.filter((r) => r.name === name).length < KEPT_PER_OPERATION)
      this.responses.push({ name, xml: reply.body });
    return parsed;
  }

  /** Calls and expects the …Response element. */
  async ok(service: OnvifServiceName, operation: string, inner = ''): Promise<XmlElement> {
    const r = await this.call(service, operation, inner);
    expect(r.fault, `${operation} answered a fault`).toBeUndefined();
    expect(r.el.local).toBe(`${operation}Response`);
    return r.el;
  }

  /** Calls and expects a SOAP fault; returns 'code subcode/subcode'. */
  async fault(service: OnvifServiceName, operation: string, inner = ''): Promise<string> {
    const r = await this.call(service, operation, inner);
    expect(r.fault, `${operation} should have faulted`).toBeDefined();
    return r.fault!;
  }
}

function nsOf(service: OnvifServiceName): string {
  return {
    device: NS.tds,
    media: NS.trt,
    media2: NS.tr2,
    ptz: NS.tptz,
    events: NS.tev,
    imaging: NS.timg,
    deviceio: DEVICEIO_NS,
    recording: NS.trc,
    search: NS.tse,
    replay: NS.trp,
  }[service];
}

/** Every descendant with this local name, depth first. */
export function findAll(el: XmlElement, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      if (c.local === local) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

/** The responses that do not validate against onvif.xsd and the service schemas (xmllint), as 'name: output'. */
export async function schemaFailures(responses: ReadonlyArray<{ name: string; xml: string }>): Promise<string[]> {
  const wsdl = await OnvifWsdlFixture.create();
  try {
    return (await wsdl.validate(responses)).filter((r) => !r.ok).map((r) => `${r.name}: ${r.output}`);
  } finally {
    await wsdl.close();
  }
}
