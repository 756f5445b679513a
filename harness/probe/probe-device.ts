import { Cam, type CamProfile } from 'onvif';
import type { Clock } from '../../simulators/clock/clock.ts';
import type { ObservationLog } from '../../simulators/observations/observation-log.ts';
import type { ProbeResultObservation } from '../../simulators/observations/observation.ts';
import { unicastProbe } from './discovery-probe.ts';
import { ffprobeStream } from './ffprobe-stream.ts';
import { getWithDigest } from './http-digest-client.ts';
import { anonymousDescribe } from './rtsp-describe.ts';
import { refused, soapCall } from './soap-call.ts';

export interface ProbeOptions {
  /** The device service URL, e.g. http://192.0.2.10/onvif/device_service. */
  url: string;
  user: string;
  password: string;
  log: ObservationLog;
  clock: Clock;
  /** Per-request bound. */
  timeoutMs?: number;
  /** How long ffprobe reads the stream. */
  readSeconds?: number;
  /** The name observations carry (default: the URL). */
  label?: string;
  /** Also send a unicast WS-Discovery Probe to the device's address (default true). */
  discovery?: boolean;
}

type StepResult = Pick<ProbeResultObservation, 'outcome' | 'detail'> & { value?: number };

const tds = 'xmlns:tds="http://www.onvif.org/ver10/device/wsdl"';
const tr2 = 'xmlns:tr2="http://www.onvif.org/ver20/media/wsdl"';
const tev = 'xmlns:tev="http://www.onvif.org/ver10/events/wsdl"';

/** The onvif client leaves a profile's token attribute under `$` for Media2 replies. */
function tokenOf(p: CamProfile | undefined): string | undefined {
  return p === undefined ? undefined : ((p.token as string | undefined) ?? (p.$ as { token?: string } | undefined)?.token);
}

function call<T>(fn: (cb: (err: Error | null, value?: T) => void) => void): Promise<T | undefined> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
}

/**
 * Runs the device side of the specification against one camera: ONVIF core operations, digest
 * authentication (and the refusals that go with it), media profiles and stream URIs, RTSP with a
 * real client, snapshot, PTZ, events, Media2 and WS-Discovery. Each step is one 'probe.result'
 * observation; the CAM-… requirements judge them. A step never throws: a failure is recorded.
 */
export async function probeDevice(o: ProbeOptions): Promise<void> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const camera = o.label ?? o.url;
  const good = { type: 'digest' as const, user: o.user, password: o.password };
  const record = (step: string, r: StepResult): void => {
    o.log.record({ kind: 'probe.result', atMs: o.clock.now(), camera, step, outcome: r.outcome, detail: r.detail, ...(r.value !== undefined ? { value: r.value } : {}) });
  };
  const step = async (name: string, run: () => Promise<StepResult>): Promise<void> => {
    try {
      record(name, await run());
    } catch (err) {
      record(name, { outcome: 'failed', detail: err instanceof Error ? err.message : String(err) });
    }
  };
  const soapStep = (name: string, body: string, security: Parameters<typeof soapCall>[2], wantRefused: boolean) =>
    step(name, async () => {
      const reply = await soapCall(o.url, body, security, timeoutMs);
      const wasRefused = refused(reply);
      const what = `HTTP ${reply.status}${reply.fault ? ` ${reply.fault}` : ''}`;
      return wasRefused === wantRefused ? { outcome: 'ok', detail: what } : { outcome: 'failed', detail: wantRefused ? `accepted (${what})` : `refused (${what})` };
    });

  await soapStep('GetSystemDateAndTime', `<tds:GetSystemDateAndTime ${tds}/>`, { type: 'none' }, false);
  await soapStep('auth.reject-anonymous', `<tds:GetDeviceInformation ${tds}/>`, { type: 'none' }, true);
  await soapStep('auth.reject-wrong-password', `<tds:GetDeviceInformation ${tds}/>`, { ...good, password: `${o.password}-wrong` }, true);
  await soapStep('auth.reject-password-text', `<tds:GetDeviceInformation ${tds}/>`, { ...good, type: 'text' }, true);
  await soapStep('auth.digest', `<tds:GetDeviceInformation ${tds}/>`, good, false);

  const device = new URL(o.url);
  let cam: Cam | undefined;
  try {
    cam = await new Promise<Cam>((resolve, reject) => {
      const c: Cam = new Cam(
        { hostname: device.hostname, port: Number(device.port || 80), path: device.pathname, username: o.user, password: o.password, timeout: timeoutMs, preserveAddress: true },
        (err) => (err ? reject(err) : resolve(c)),
      );
    });
  } catch (err) {
    record('GetCapabilities', { outcome: 'failed', detail: `the onvif client could not connect: ${(err as Error).message}` });
  }
  if (cam !== undefined) await probeWithClient(cam, o, step, timeoutMs);

  if (o.discovery ?? true) {
    await step('discovery.probe', async () => {
      const xaddrs = await unicastProbe(device.hostname, Math.min(timeoutMs, 3_000));
      if (xaddrs === undefined) return { outcome: 'failed', detail: `no ProbeMatch from ${device.hostname}:3702` };
      return { outcome: 'ok', detail: `ProbeMatch with XAddrs ${xaddrs.join(' ') || '(none)'}` };
    });
  }
}

async function probeWithClient(cam: Cam, o: ProbeOptions, step: (name: string, run: () => Promise<StepResult>) => Promise<void>, timeoutMs: number): Promise<void> {
  await step('GetDeviceInformation', async () => {
    const info = await call<{ manufacturer?: string; model?: string; firmwareVersion?: string }>((cb) => cam.getDeviceInformation(cb));
    return { outcome: 'ok', detail: `${info?.manufacturer ?? '?'} ${info?.model ?? '?'} firmware ${info?.firmwareVersion ?? '?'}` };
  });
  let capabilities: Record<string, unknown> = {};
  await step('GetCapabilities', async () => {
    capabilities = ((await call((cb) => cam.getCapabilities(cb))) ?? {}) as Record<string, unknown>;
    return { outcome: 'ok', detail: `services: ${Object.keys(capabilities).join(', ')}` };
  });
  let profiles: CamProfile[] = [];
  await step('GetProfiles', async () => {
    profiles = ((await call((cb) => cam.getProfiles(cb))) ?? []) as CamProfile[];
    const encodings = profiles.map((p) => String(p.videoEncoderConfiguration?.encoding ?? '?'));
    const video = encodings.filter((e) => /^(h264|h265|hevc)$/i.test(e));
    if (video.length === 0) return { outcome: 'failed', detail: `no H.264/H.265 profile (encodings: ${encodings.join(', ') || 'none'})`, value: profiles.length };
    return { outcome: 'ok', detail: `${profiles.length} profile(s): ${encodings.join(', ')}`, value: profiles.length };
  });
  const uris: string[] = [];
  await step('GetStreamUri', async () => {
    if (profiles.length === 0) return { outcome: 'failed', detail: 'no profile to ask a stream URI for' };
    for (const p of profiles) {
      const stream = await call<{ uri: string }>((cb) => cam.getStreamUri({ protocol: 'RTSP', profileToken: tokenOf(p) }, cb));
      if (stream?.uri === undefined || !/^rtsp:\/\//i.test(stream.uri)) return { outcome: 'failed', detail: `profile ${tokenOf(p)}: no RTSP URI (${stream?.uri ?? 'none'})` };
      uris.push(stream.uri);
    }
    return { outcome: 'ok', detail: uris.join(' '), value: uris.length };
  });
  const first = uris[0];
  await step('rtsp.reject-anonymous', async () => {
    if (first === undefined) return { outcome: 'failed', detail: 'no stream URI to try' };
    const r = await anonymousDescribe(first, timeoutMs);
    if (r.status === 401 && /^digest/i.test(r.wwwAuthenticate ?? '')) return { outcome: 'ok', detail: `401 with ${r.wwwAuthenticate!.split(/\s/)[0]} challenge` };
    return { outcome: 'failed', detail: `anonymous DESCRIBE answered ${r.status}${r.wwwAuthenticate ? ` (${r.wwwAuthenticate.split(',')[0]})` : ' without a Digest challenge'}` };
  });
  await step('rtsp.play', async () => {
    if (first === undefined) return { outcome: 'failed', detail: 'no stream URI to play' };
    const s = await ffprobeStream(first, o.user, o.password, o.readSeconds ?? 2, timeoutMs);
    if (!/^(h264|hevc)$/.test(s.codec) || s.packets === 0) return { outcome: 'failed', detail: `${s.codec} ${s.width}x${s.height}, ${s.packets} packets`, value: s.packets };
    return { outcome: 'ok', detail: `${s.codec} ${s.width}x${s.height}, ${s.packets} packets in ${o.readSeconds ?? 2} s`, value: s.packets };
  });
  await step('snapshot', async () => {
    const token = tokenOf(profiles[0]);
    const snap = await call<{ uri: string }>((cb) => cam.getSnapshotUri(token !== undefined ? { profileToken: token } : {}, cb));
    if (snap?.uri === undefined) return { outcome: 'failed', detail: 'GetSnapshotUri returned no URI' };
    const r = await getWithDigest(snap.uri, o.user, o.password, timeoutMs);
    const jpeg = r.body.length > 2 && r.body[0] === 0xff && r.body[1] === 0xd8;
    if (r.status !== 200 || !jpeg) return { outcome: 'failed', detail: `GET ${snap.uri}: ${r.status} ${r.contentType}, ${r.body.length} bytes${jpeg ? '' : ', not a JPEG'}` };
    return { outcome: 'ok', detail: `${r.body.length}-byte JPEG${r.challenged ? ' behind digest' : ' served without credentials'}`, value: r.body.length };
  });
  await step('ptz.move-stop', async () => {
    if (capabilities.PTZ === undefined && cam.uri?.ptz === undefined && cam.uri?.PTZ === undefined) return { outcome: 'unsupported', detail: 'the device declares no PTZ service' };
    const token = tokenOf(profiles.find((p) => p.PTZConfiguration !== undefined) ?? profiles[0]);
    await call((cb) => cam.continuousMove({ profileToken: token, x: 0.2, y: 0, zoom: 0 }, cb));
    await call((cb) => cam.stop({ profileToken: token, panTilt: true, zoom: true }, cb));
    return { outcome: 'ok', detail: `ContinuousMove and Stop accepted on profile ${token ?? '?'}` };
  });
  await step('events.pull-point', async () => {
    if (capabilities.events === undefined && cam.uri?.events === undefined) return { outcome: 'unsupported', detail: 'the device declares no event service' };
    await call((cb) => cam.createPullPointSubscription(cb));
    const address = (cam.events as { subscription?: { subscriptionReference?: { address?: { href?: string } } } }).subscription?.subscriptionReference?.address?.href;
    if (address === undefined) return { outcome: 'failed', detail: 'CreatePullPointSubscription returned no subscription address' };
    // The client library always waits a minute (PT1M); a one-second pull proves the same.
    const reply = await soapCall(address, `<tev:PullMessages ${tev}><tev:Timeout>PT1S</tev:Timeout><tev:MessageLimit>10</tev:MessageLimit></tev:PullMessages>`, { type: 'digest', user: o.user, password: o.password }, timeoutMs);
    if (reply.status !== 200 || reply.fault !== undefined) return { outcome: 'failed', detail: `PullMessages at ${address}: HTTP ${reply.status}${reply.fault ? ` ${reply.fault}` : ''}` };
    return { outcome: 'ok', detail: `subscribed at ${address}; PullMessages answered` };
  });
  await step('media2.stream-uri', async () => {
    const media2 = cam.uri?.media2?.href;
    if (media2 === undefined) return { outcome: 'unsupported', detail: 'the device declares no Media2 service' };
    const good = { type: 'digest' as const, user: o.user, password: o.password };
    const reply = await soapCall(media2, `<tr2:GetProfiles ${tr2}/>`, good, timeoutMs);
    const token = /<(?:\w+:)?Profiles[^>]*\btoken="([^"]+)"/.exec(reply.text)?.[1];
    if (reply.status !== 200 || token === undefined) return { outcome: 'failed', detail: `Media2 GetProfiles: HTTP ${reply.status}${reply.fault ? ` ${reply.fault}` : ''}` };
    const uriReply = await soapCall(media2, `<tr2:GetStreamUri ${tr2}><tr2:Protocol>RTSP</tr2:Protocol><tr2:ProfileToken>${token}</tr2:ProfileToken></tr2:GetStreamUri>`, good, timeoutMs);
    const uri = /<(?:\w+:)?Uri>([^<]+)</.exec(uriReply.text)?.[1];
    if (uriReply.status !== 200 || uri === undefined) return { outcome: 'failed', detail: `Media2 GetStreamUri: HTTP ${uriReply.status}${uriReply.fault ? ` ${uriReply.fault}` : ''}` };
    return { outcome: 'ok', detail: `Media2 profile ${token}: ${uri}` };
  });
}
