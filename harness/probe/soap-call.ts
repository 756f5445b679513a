import { child, parseXml, type XmlElement } from '../../simulators/wire/xml-element.ts';
import { digestAuthorization, parseDigestChallenge } from '../../simulators/wire/digest-auth.ts';
import { soapEnvelope, type SoapSecurity } from './soap-envelope.ts';

const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

export interface SoapReply {
  status: number;
  text: string;
  /** The fault subcode (or code, or reason) when the device answered with a SOAP fault. */
  fault?: string;
  /** Every fault subcode value, outermost first (ter:ActionNotSupported...). */
  faultSubcodes: string[];
  faultReason?: string;
  /** The envelope's SOAP version, told by its namespace; devices built on old stacks answer 1.1. */
  soapVersion?: '1.2' | '1.1';
  /** The first element inside Body (the operation's response), when the answer could be read. */
  payload?: XmlElement;
  /** Why the answer is not a readable SOAP envelope (XML not well-formed, no Envelope or Body). */
  unreadable?: string;
}

export interface SoapCallOptions {
  /** The clock the WS-UsernameToken Created time is taken from (corrected for the device's skew). */
  nowMs?: number;
  /** WS-Addressing Action and To, which event endpoints of some devices require. */
  addressing?: { action: string; to: string };
  /** Aborts the call early (a client that stops); the deadline of `timeoutMs` holds either way. */
  signal?: AbortSignal;
}

const maxReplyChars = 1_000_000;

/** Reads an answer as a SOAP 1.2 or 1.1 envelope, whatever prefixes the device chose. */
export function readSoapReply(status: number, text: string): SoapReply {
  const reply: SoapReply = { status, text, faultSubcodes: [] };
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (err) {
    reply.unreadable = `not well-formed XML: ${(err as Error).message}`;
    return reply;
  }
  if (root.local !== 'Envelope' || (root.ns !== SOAP12_NS && root.ns !== SOAP11_NS)) {
    reply.unreadable = `not a SOAP envelope (root element {${root.ns}}${root.local})`;
    return reply;
  }
  reply.soapVersion = root.ns === SOAP12_NS ? '1.2' : '1.1';
  const body = root.children.find((c) => c.local === 'Body' && c.ns === root.ns);
  if (body === undefined) {
    reply.unreadable = 'SOAP envelope without a Body';
    return reply;
  }
  const payload = body.children[0];
  if (payload === undefined) return reply;
  reply.payload = payload;
  if (payload.local === 'Fault' && payload.ns === root.ns) {
    if (reply.soapVersion === '1.2') {
      for (let sub = child(child(payload, 'Code'), 'Subcode'); sub !== undefined; sub = child(sub, 'Subcode')) {
        const value = child(sub, 'Value')?.text;
        if (value) reply.faultSubcodes.push(value);
      }
      reply.faultReason = child(child(payload, 'Reason'), 'Text')?.text;
      reply.fault =
        reply.faultSubcodes[0] ?? reply.faultReason ?? child(child(payload, 'Code'), 'Value')?.text ?? 'SOAP fault';
    } else {
      const code = child(payload, 'faultcode')?.text ?? '';
      reply.faultSubcodes.push(...code.split('.').slice(1));
      reply.faultReason = child(payload, 'faultstring')?.text;
      reply.fault = reply.faultSubcodes[0] ?? reply.faultReason ?? (code || 'SOAP fault');
    }
  }
  return reply;
}

/**
 * One SOAP request to a device service, bounded by `timeoutMs` from the first byte sent to the
 * last byte read. Network errors throw; SOAP faults and unreadable answers are returned. A device
 * that wants HTTP Digest (401 with a challenge) gets a second try carrying the same credentials.
 */
export async function soapCall(
  url: string,
  body: string,
  security: SoapSecurity,
  timeoutMs: number,
  opts: SoapCallOptions = {},
): Promise<SoapReply> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal === undefined ? deadline : AbortSignal.any([deadline, opts.signal]);
  const envelope = (): string => soapEnvelope(body, security, opts.nowMs ?? Date.now(), opts.addressing);
  const post = async (authorization?: string): Promise<Response> =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/soap+xml; charset=utf-8',
        ...(authorization !== undefined ? { authorization } : {}),
      },
      body: envelope(),
      signal,
    });
  let res = await post();
  if (res.status === 401 && security.type !== 'none') {
    const challenge = parseDigestChallenge(res.headers.get('www-authenticate'));
    if (challenge !== undefined) {
      await res.arrayBuffer();
      const u = new URL(url);
      res = await post(
        digestAuthorization(challenge, 'POST', `${u.pathname}${u.search}`, security.user, security.password),
      );
    }
  }
  const text = (await res.text()).slice(0, maxReplyChars);
  return readSoapReply(res.status, text);
}

/** A device refuses a request when it answers 401/403, 400/500 with a SOAP fault, or 400 with a body that cannot be read. */
export function refused(reply: Pick<SoapReply, 'status' | 'fault' | 'unreadable'>): boolean {
  return (
    reply.status === 401 ||
    reply.status === 403 ||
    (reply.status >= 400 && reply.fault !== undefined) ||
    (reply.status === 400 && reply.unreadable !== undefined)
  );
}

/** ter:ActionNotSupported, or the "not implemented" fault (often with HTTP 500) vendors answer optional operations with. */
export function notSupported(reply: SoapReply): boolean {
  if (reply.fault === undefined) return false;
  if (
    reply.faultSubcodes.some((s) =>
      /(?:^|:)(?:ActionNotSupported|NotSupported|ActionNotImplemented|OptionalActionNotImplemented)$/.test(s),
    )
  )
    return true;
  return /\bnot\s+(?:implemented|supported)\b/i.test(reply.faultReason ?? '');
}

/** One line for evidence: 'HTTP 500 ter:ActionNotSupported (not implemented)', 'HTTP 200 (SOAP 1.1)'. */
export function describeReply(reply: SoapReply): string {
  const parts = [`HTTP ${reply.status}`];
  if (reply.fault !== undefined)
    parts.push(
      reply.fault +
        (reply.faultReason !== undefined && reply.faultReason !== reply.fault ? ` (${reply.faultReason})` : ''),
    );
  if (reply.unreadable !== undefined) parts.push(reply.unreadable);
  if (reply.soapVersion === '1.1') parts.push('(SOAP 1.1)');
  return parts.join(' ');
}
