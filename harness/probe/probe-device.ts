import type { Clock } from '../../simulators/clock/clock.ts';
import type { ObservationLog } from '../../simulators/observations/observation-log.ts';
import type { ProbeResultObservation } from '../../simulators/observations/observation.ts';
import { attr, child, children, textAt, type XmlElement } from '../../simulators/wire/xml-element.ts';
import { unicastProbe } from './discovery-probe.ts';
import { ffprobeStream } from './ffprobe-stream.ts';
import { getWithDigest } from './http-digest-client.ts';
import { ProbeSession, UnexpectedAnswer } from './probe-session.ts';
import { anonymousDescribe } from './rtsp-describe.ts';
import type { SchemaValidator } from './schema/schema-validator.ts';
import { describeReply, notSupported, refused } from './soap-call.ts';
import { onvifDateTimeMs } from './device-clock.ts';

export interface ProbeOptions {
  /** The device service URL, e.g. http://192.0.2.10/onvif/device_service. */
  url: string;
  user: string;
  password: string;
  log: ObservationLog;
  clock: Clock;
  /** Bound on each request (a step of several requests gets a few of these). */
  timeoutMs?: number;
  /** How long ffprobe reads the stream. */
  readSeconds?: number;
  /** The name observations carry (default: the URL). */
  label?: string;
  /** Also send a unicast WS-Discovery Probe to the device's address (default true). */
  discovery?: boolean;
  /** The WS-Discovery port (3702; tests use another). */
  discoveryPort?: number;
  /** Validates every answer against the official ONVIF schemas; absent leaves CAM-SCHEMA-01 not applicable, with `schemasAbsentReason`. */
  schemas?: SchemaValidator;
  schemasAbsentReason?: string;
  /** Told the name of each step as it starts (the bin names the last one if a run never ends). */
  onStep?: (step: string) => void;
  /** Aborted (Ctrl-C): the running step is abandoned unrecorded and no further step starts. */
  signal?: AbortSignal;
}

export interface ProbeOutcome {
  /** What the user should know beside the verdicts: addresses rebased, SOAP 1.1, clock skew. */
  notes: string[];
  /** Set when the signal stopped the probe before its last step. */
  interrupted: boolean;
}

type StepResult = Pick<ProbeResultObservation, 'outcome' | 'detail'> & { value?: number };
type Step = (name: string, run: () => Promise<StepResult>, budgetRequests?: number) => Promise<void>;

const ns = {
  tds: 'http://www.onvif.org/ver10/device/wsdl',
  trt: 'http://www.onvif.org/ver10/media/wsdl',
  tr2: 'http://www.onvif.org/ver20/media/wsdl',
  tptz: 'http://www.onvif.org/ver20/ptz/wsdl',
  tev: 'http://www.onvif.org/ver10/events/wsdl',
  wsnt: 'http://docs.oasis-open.org/wsn/b-2',
  tt: 'http://www.onvif.org/ver10/schema',
};
const x = (prefix: keyof typeof ns, inner: string): string =>
  inner.replace(
    /^<(\w+):(\w+)/,
    `<$1:$2 xmlns:${prefix}="${ns[prefix]}"${prefix === 'trt' || prefix === 'tptz' ? ` xmlns:tt="${ns.tt}"` : ''}`,
  );

/** Where the device says its services are, by role. */
interface Services {
  media?: string;
  media2?: string;
  ptz?: string;
  events?: string;
}

interface MediaProfile {
  token: string;
  encoding: string;
  ptz: boolean;
}

const ok = (detail: string, value?: number): StepResult => ({
  outcome: 'ok',
  detail,
  ...(value !== undefined ? { value } : {}),
});
const failed = (detail: string, value?: number): StepResult => ({
  outcome: 'failed',
  detail,
  ...(value !== undefined ? { value } : {}),
});
const unsupported = (detail: string): StepResult => ({ outcome: 'unsupported', detail });

/** A rejected request or a timeout, in words for evidence. */
function reasonOf(err: unknown, timeoutMs: number): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const code = (err.cause as { code?: string } | undefined)?.code;
  return code !== undefined ? `${err.message} (${code})` : err.message;
}

/** Rejects after `ms`, or when `signal` aborts: the backstop that makes every step end, whatever a device does. */
function withDeadline<T>(work: Promise<T>, ms: number, what: string, signal?: AbortSignal): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    onAbort = () => reject(new Error(`${what} interrupted`));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, deadline]).finally(() => {
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Pan, tilt and zoom from a PTZStatus Position, or undefined when the device reports none. */
function positionOf(status: XmlElement | undefined): { pan: number; tilt: number; zoom: number } | undefined {
  const pos = child(child(status, 'PTZStatus'), 'Position');
  const panTilt = child(pos, 'PanTilt');
  if (panTilt === undefined) return undefined;
  return {
    pan: Number(attr(panTilt, 'x')),
    tilt: Number(attr(panTilt, 'y')),
    zoom: Number(attr(child(pos, 'Zoom'), 'x') ?? 0),
  };
}
const distance = (
  a: { pan: number; tilt: number; zoom: number },
  b: { pan: number; tilt: number; zoom: number },
): number => Math.max(Math.abs(a.pan - b.pan), Math.abs(a.tilt - b.tilt), Math.abs(a.zoom - b.zoom));
const fmt = (p: { pan: number; tilt: number; zoom: number }): string =>
  `(${p.pan.toFixed(3)}, ${p.tilt.toFixed(3)}, ${p.zoom.toFixed(3)})`;

/**
 * Runs the device side of the specification against one camera with camlab's own SOAP client
 * (every request bounded, every answer kept, read whatever prefixes or SOAP version the device
 * uses): clock, authentication and its refusals, services, media profiles and stream URIs, RTSP
 * with ffprobe, snapshot, PTZ, events, Media2, WS-Discovery, and the answers' schema validity.
 * Each step is one 'probe.result' observation; the CAM-… requirements judge them. A step never
 * throws and never hangs: a failure or a timeout is recorded with its reason.
 */
export async function probeDevice(o: ProbeOptions): Promise<ProbeOutcome> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const readSeconds = o.readSeconds ?? 2;
  const camera = o.label ?? o.url;
  const session = new ProbeSession(o.url, o.user, o.password, timeoutMs);
  const record = (step: string, r: StepResult): void => {
    o.log.record({
      kind: 'probe.result',
      atMs: o.clock.now(),
      camera,
      step,
      outcome: r.outcome,
      detail: r.detail,
      ...(r.value !== undefined ? { value: r.value } : {}),
    });
  };
  // An interrupted step is not recorded: the user stopped it, the device did not fail it.
  const step: Step = async (name, run, budgetRequests = 2) => {
    if (o.signal?.aborted) return;
    o.onStep?.(name);
    const budgetMs = budgetRequests * timeoutMs + 1_000;
    try {
      const result = await withDeadline(run(), budgetMs, name, o.signal);
      if (!o.signal?.aborted) record(name, result);
    } catch (err) {
      if (!o.signal?.aborted)
        record(name, failed(err instanceof UnexpectedAnswer ? err.message : reasonOf(err, timeoutMs)));
    }
  };
  const device = session.probed.toString();

  await step(
    'GetSystemDateAndTime',
    async () => {
      const before = Date.now();
      const reply = await session.expect(
        'GetSystemDateAndTime',
        device,
        x('tds', '<tds:GetSystemDateAndTime/>'),
        'GetSystemDateAndTimeResponse',
        'none',
      );
      const after = Date.now();
      const deviceMs = onvifDateTimeMs(child(child(reply.payload, 'SystemDateAndTime'), 'UTCDateTime'));
      if (deviceMs === undefined) return failed('GetSystemDateAndTime answered without a UTCDateTime');
      // The device prints whole seconds: half a second is the resolution, not a skew.
      const skewMs = deviceMs + 500 - (before + after) / 2;
      session.clockOffsetMs = Math.abs(skewMs) > 1_000 ? Math.round(skewMs) : 0;
      if (session.clockOffsetMs !== 0)
        session.notes.add(
          `the device clock is ${(Math.abs(skewMs) / 1000).toFixed(1)} s ${skewMs > 0 ? 'ahead' : 'behind'}; WS-UsernameToken times were stamped in device time`,
        );
      return ok(
        `device UTC ${new Date(deviceMs).toISOString()}, clock ${session.clockOffsetMs === 0 ? 'in step' : `${(skewMs / 1000).toFixed(1)} s off (corrected)`}`,
        Math.round(skewMs),
      );
    },
    1,
  );

  const authStep = (
    name: string,
    auth: 'none' | 'wrong-password' | 'password-text' | 'digest',
    wantRefused: boolean,
  ): Promise<void> =>
    step(name, async () => {
      const reply = await session.call('GetDeviceInformation', device, x('tds', '<tds:GetDeviceInformation/>'), auth);
      // Authentication is judged on the status: whether the answer reads well is CAM-CORE-01's business.
      const accepted = reply.status === 200 && reply.fault === undefined;
      const what = describeReply(reply);
      if (wantRefused)
        return refused(reply)
          ? ok(`refused: ${what}`)
          : failed(accepted ? `answered (${what})` : `neither refused nor answered: ${what}`);
      return accepted ? ok(what) : failed(`refused (${what})`);
    });
  await authStep('auth.reject-anonymous', 'none', true);
  await authStep('auth.reject-wrong-password', 'wrong-password', true);
  await authStep('auth.reject-password-text', 'password-text', true);
  await authStep('auth.digest', 'digest', false);

  await step(
    'GetDeviceInformation',
    async () => {
      const reply = await session.expect(
        'GetDeviceInformation',
        device,
        x('tds', '<tds:GetDeviceInformation/>'),
        'GetDeviceInformationResponse',
      );
      return ok(
        `${textAt(reply.payload, 'Manufacturer') ?? '?'} ${textAt(reply.payload, 'Model') ?? '?'} firmware ${textAt(reply.payload, 'FirmwareVersion') ?? '?'}`,
      );
    },
    1,
  );

  const services: Services = {};
  await step('services', async () => {
    const reply = await session.call(
      'GetServices',
      device,
      x('tds', '<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>'),
      'digest',
    );
    if (reply.status === 200 && reply.payload?.local === 'GetServicesResponse') {
      for (const s of children(reply.payload, 'Service')) {
        const at = textAt(s, 'XAddr');
        if (at === undefined) continue;
        const role = ({ [ns.trt]: 'media', [ns.tr2]: 'media2', [ns.tptz]: 'ptz', [ns.tev]: 'events' } as const)[
          textAt(s, 'Namespace') ?? ''
        ];
        if (role !== undefined) services[role] = session.rebase(at);
      }
      return ok(`GetServices: ${Object.keys(services).join(', ') || 'no media, PTZ or event service'}`);
    }
    // Devices from before ONVIF 2.0 offer only GetCapabilities.
    const caps = await session.expect(
      'GetCapabilities',
      device,
      x('tds', '<tds:GetCapabilities><tds:Category>All</tds:Category></tds:GetCapabilities>'),
      'GetCapabilitiesResponse',
    );
    const c = child(caps.payload, 'Capabilities');
    const at = (name: string): string | undefined => textAt(c, name, 'XAddr');
    for (const [role, name] of [
      ['media', 'Media'],
      ['ptz', 'PTZ'],
      ['events', 'Events'],
    ] as const) {
      const addr = at(name);
      if (addr !== undefined) services[role] = session.rebase(addr);
    }
    return ok(
      `GetServices ${describeReply(reply)}; GetCapabilities: ${Object.keys(services).join(', ') || 'no media, PTZ or event service'}`,
    );
  });

  const profiles: MediaProfile[] = [];
  const uris: string[] = [];
  await step('GetProfiles', async () => {
    if (services.media !== undefined) {
      const reply = await session.expect(
        'GetProfiles',
        services.media,
        x('trt', '<trt:GetProfiles/>'),
        'GetProfilesResponse',
      );
      for (const p of children(reply.payload, 'Profiles'))
        profiles.push({
          token: attr(p, 'token') ?? '',
          encoding: textAt(p, 'VideoEncoderConfiguration', 'Encoding') ?? '?',
          ptz: child(p, 'PTZConfiguration') !== undefined,
        });
    } else if (services.media2 !== undefined) {
      const reply = await session.expect(
        'media2.GetProfiles',
        services.media2,
        x('tr2', '<tr2:GetProfiles><tr2:Type>All</tr2:Type></tr2:GetProfiles>'),
        'GetProfilesResponse',
      );
      for (const p of children(reply.payload, 'Profiles'))
        profiles.push({
          token: attr(p, 'token') ?? '',
          encoding: textAt(p, 'Configurations', 'VideoEncoder', 'Encoding') ?? '?',
          ptz: child(child(p, 'Configurations'), 'PTZ') !== undefined,
        });
    } else {
      return failed('the device declares neither a Media nor a Media2 service');
    }
    const encodings = profiles.map((p) => p.encoding);
    if (!encodings.some((e) => /^(h264|h265|hevc)$/i.test(e)))
      return failed(`no H.264/H.265 profile (encodings: ${encodings.join(', ') || 'none'})`, profiles.length);
    return ok(`${profiles.length} profile(s): ${encodings.join(', ')}`, profiles.length);
  });
  await step(
    'GetStreamUri',
    async () => {
      if (profiles.length === 0) return failed('no profile to ask a stream URI for');
      for (const p of profiles) {
        const reply =
          services.media !== undefined
            ? await session.expect(
                'GetStreamUri',
                services.media,
                x(
                  'trt',
                  `<trt:GetStreamUri><trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trt:StreamSetup><trt:ProfileToken>${p.token}</trt:ProfileToken></trt:GetStreamUri>`,
                ),
                'GetStreamUriResponse',
              )
            : await session.expect(
                'media2.GetStreamUri',
                services.media2!,
                x(
                  'tr2',
                  `<tr2:GetStreamUri><tr2:Protocol>RTSP</tr2:Protocol><tr2:ProfileToken>${p.token}</tr2:ProfileToken></tr2:GetStreamUri>`,
                ),
                'GetStreamUriResponse',
              );
        const uri = textAt(reply.payload, 'MediaUri', 'Uri') ?? textAt(reply.payload, 'Uri');
        if (uri === undefined || !/^rtsp:\/\//i.test(uri))
          return failed(`profile ${p.token}: no RTSP URI (${uri ?? 'none'})`);
        uris.push(session.rebase(uri));
      }
      return ok(uris.join(' '), uris.length);
    },
    1 + profiles.length,
  );

  const first = uris[0];
  await step(
    'rtsp.reject-anonymous',
    async () => {
      if (first === undefined) return failed('no stream URI to try');
      const r = await anonymousDescribe(first, timeoutMs);
      if (r.status === 401 && /^digest/i.test(r.wwwAuthenticate ?? ''))
        return ok(`401 with ${r.wwwAuthenticate!.split(/\s/)[0]} challenge`);
      return failed(
        `anonymous DESCRIBE answered ${r.status}${r.wwwAuthenticate ? ` (${r.wwwAuthenticate.split(',')[0]})` : ' without a Digest challenge'}`,
      );
    },
    1,
  );
  await step(
    'rtsp.play',
    async () => {
      if (first === undefined) return failed('no stream URI to play');
      const s = await ffprobeStream(first, o.user, o.password, readSeconds, timeoutMs);
      if (!/^(h264|hevc)$/.test(s.codec) || s.packets === 0)
        return failed(`${s.codec} ${s.width}x${s.height}, ${s.packets} packets in ${readSeconds} s`, s.packets);
      return ok(`${s.codec} ${s.width}x${s.height}, ${s.packets} packets in ${readSeconds} s`, s.packets);
    },
    2 + readSeconds,
  );

  await step(
    'snapshot',
    async () => {
      const token = profiles[0]?.token ?? '';
      const reply =
        services.media !== undefined
          ? await session.call(
              'GetSnapshotUri',
              services.media,
              x('trt', `<trt:GetSnapshotUri><trt:ProfileToken>${token}</trt:ProfileToken></trt:GetSnapshotUri>`),
              'digest',
            )
          : services.media2 !== undefined
            ? await session.call(
                'media2.GetSnapshotUri',
                services.media2,
                x('tr2', `<tr2:GetSnapshotUri><tr2:ProfileToken>${token}</tr2:ProfileToken></tr2:GetSnapshotUri>`),
                'digest',
              )
            : undefined;
      if (reply === undefined) return unsupported('the device declares no media service');
      if (notSupported(reply)) return unsupported(`GetSnapshotUri answered ${describeReply(reply)}`);
      const uri = textAt(reply.payload, 'MediaUri', 'Uri') ?? textAt(reply.payload, 'Uri');
      if (reply.status !== 200 || uri === undefined)
        return failed(`GetSnapshotUri: ${describeReply(reply)}${uri === undefined ? ', no URI' : ''}`);
      const url = session.rebase(uri);
      const r = await getWithDigest(url, o.user, o.password, timeoutMs);
      const jpeg = r.body.length > 2 && r.body[0] === 0xff && r.body[1] === 0xd8;
      // Stills show the same scene as the stream: one served without credentials leaks it.
      if (!r.challenged && r.status === 200)
        return failed(
          `GET ${url} served ${r.body.length} bytes (${r.contentType || 'no content type'}) without credentials`,
          r.body.length,
        );
      if (r.status !== 200 || !jpeg)
        return failed(`GET ${url}: ${r.status} ${r.contentType}, ${r.body.length} bytes${jpeg ? '' : ', not a JPEG'}`);
      return ok(`${r.body.length}-byte JPEG behind digest`, r.body.length);
    },
    3,
  );

  await step('ptz.move-stop', () => probePtz(session, services, profiles), 8);
  await step('events.pull-point', () => probeEvents(session, services), 4);

  await step('media2.stream-uri', async () => {
    if (services.media2 === undefined) return unsupported('the device declares no Media2 service');
    const reply = await session.call('media2.GetProfiles', services.media2, x('tr2', '<tr2:GetProfiles/>'), 'digest');
    if (notSupported(reply)) return unsupported(`Media2 is declared, but GetProfiles answered ${describeReply(reply)}`);
    const token = attr(children(reply.payload, 'Profiles')[0], 'token');
    if (reply.status !== 200 || reply.payload?.local !== 'GetProfilesResponse' || token === undefined)
      return failed(`Media2 GetProfiles: ${describeReply(reply)}${token === undefined ? ', no profile' : ''}`);
    const uriReply = await session.expect(
      'media2.GetStreamUri',
      services.media2,
      x(
        'tr2',
        `<tr2:GetStreamUri><tr2:Protocol>RTSP</tr2:Protocol><tr2:ProfileToken>${token}</tr2:ProfileToken></tr2:GetStreamUri>`,
      ),
      'GetStreamUriResponse',
    );
    const uri = textAt(uriReply.payload, 'Uri');
    if (uri === undefined || !/^rtsp:\/\//i.test(uri))
      return failed(`Media2 GetStreamUri for ${token}: no RTSP URI (${uri ?? 'none'})`);
    return ok(`Media2 profile ${token}: ${session.rebase(uri)}`);
  });

  if (o.discovery ?? true) {
    await step(
      'discovery.probe',
      async () => {
        const waitMs = Math.min(timeoutMs, 3_000);
        const xaddrs = await unicastProbe(session.probed.hostname, waitMs, o.discoveryPort);
        if (xaddrs === undefined)
          return failed(`no ProbeMatch from ${session.probed.hostname}:${o.discoveryPort ?? 3702} within ${waitMs} ms`);
        return ok(`ProbeMatch with XAddrs ${xaddrs.join(' ') || '(none)'}`);
      },
      1,
    );
  }

  if (o.signal?.aborted) return { notes: [...session.notes], interrupted: true };
  if (o.schemas === undefined) {
    record(
      'schema',
      unsupported(
        o.schemasAbsentReason ?? 'no --schemas folder given: the answers were not checked against the ONVIF schemas',
      ),
    );
  } else {
    o.onStep?.('schema');
    const validator = o.schemas;
    try {
      const results = await withDeadline(
        validator.validate(session.answers),
        30_000 + 20 * timeoutMs,
        'schema validation',
        o.signal,
      );
      for (const r of results)
        record(
          `schema.${r.operation}`,
          !r.checked
            ? unsupported(r.problem)
            : r.valid
              ? ok(`${r.answers} answer(s) valid against ${validator.describe()}`)
              : failed(r.problem),
        );
      if (results.length === 0) record('schema', failed('no answer was received to validate'));
    } catch (err) {
      if (!o.signal?.aborted)
        record('schema', unsupported(`the schema validator could not run: ${reasonOf(err, timeoutMs)}`));
    }
  }
  return { notes: [...session.notes], interrupted: o.signal?.aborted === true };
}

async function probePtz(
  session: ProbeSession,
  services: Services,
  profiles: readonly MediaProfile[],
): Promise<StepResult> {
  if (services.ptz === undefined) return unsupported('the device declares no PTZ service');
  if (profiles.length === 0)
    return failed('the device declares a PTZ service, but GetProfiles gave no profile to move');
  const profile = profiles.find((p) => p.ptz);
  if (profile === undefined)
    return failed('the device declares a PTZ service, but no media profile carries a PTZ configuration');
  const ptz = services.ptz;
  const token = profile.token;
  const status = async (): Promise<{ pan: number; tilt: number; zoom: number } | undefined> =>
    positionOf(
      (
        await session.expect(
          'GetStatus',
          ptz,
          x('tptz', `<tptz:GetStatus><tptz:ProfileToken>${token}</tptz:ProfileToken></tptz:GetStatus>`),
          'GetStatusResponse',
        )
      ).payload,
    );
  const start = await status();
  if (start === undefined) return failed('GetStatus reports no position, so movement cannot be verified');
  const speed = start.pan > 0.5 ? -0.5 : 0.5;
  await session.expect(
    'ContinuousMove',
    ptz,
    x(
      'tptz',
      `<tptz:ContinuousMove><tptz:ProfileToken>${token}</tptz:ProfileToken><tptz:Velocity><tt:PanTilt x="${speed}" y="0"/></tptz:Velocity></tptz:ContinuousMove>`,
    ),
    'ContinuousMoveResponse',
  );
  // Poll until the head has visibly moved; bounded by the request timeout.
  const moveDeadline = Date.now() + session.timeoutMs;
  let moved = start;
  while (distance(moved, start) < 0.01 && Date.now() < moveDeadline) {
    await sleep(150);
    moved = (await status()) ?? moved;
  }
  await session.expect(
    'Stop',
    ptz,
    x(
      'tptz',
      `<tptz:Stop><tptz:ProfileToken>${token}</tptz:ProfileToken><tptz:PanTilt>true</tptz:PanTilt><tptz:Zoom>true</tptz:Zoom></tptz:Stop>`,
    ),
    'StopResponse',
  );
  if (distance(moved, start) < 0.01)
    return failed(
      `accepted ContinuousMove and Stop on ${token}, but the position stayed at ${fmt(start)} for ${session.timeoutMs} ms`,
    );
  const stopped = (await status()) ?? moved;
  await sleep(400);
  const later = (await status()) ?? stopped;
  if (distance(later, stopped) >= 0.01)
    return failed(`moved ${fmt(start)} → ${fmt(moved)}, but kept moving after Stop: ${fmt(stopped)} → ${fmt(later)}`);
  return ok(`ContinuousMove moved ${fmt(start)} → ${fmt(moved)}; after Stop it held ${fmt(later)} on profile ${token}`);
}

async function probeEvents(session: ProbeSession, services: Services): Promise<StepResult> {
  if (services.events === undefined) return unsupported('the device declares no event service');
  const created = await session.expect(
    'CreatePullPointSubscription',
    services.events,
    x(
      'tev',
      '<tev:CreatePullPointSubscription><tev:InitialTerminationTime>PT60S</tev:InitialTerminationTime></tev:CreatePullPointSubscription>',
    ),
    'CreatePullPointSubscriptionResponse',
  );
  const advertised = textAt(created.payload, 'SubscriptionReference', 'Address');
  if (advertised === undefined) return failed('CreatePullPointSubscription returned no subscription address');
  const address = session.rebase(advertised);
  // ONVIF devices send the current state of every property topic to a new subscription, so a
  // conformant device has something to deliver at once; waiting one timeout in short pulls is generous.
  const pullSeconds = Math.max(1, Math.min(5, Math.floor(session.timeoutMs / 2000)));
  const deadline = Date.now() + session.timeoutMs;
  let messages = 0;
  let pulls = 0;
  try {
    while (messages === 0 && (pulls === 0 || Date.now() < deadline)) {
      pulls++;
      const reply = await session.expect(
        'PullMessages',
        address,
        x(
          'tev',
          `<tev:PullMessages><tev:Timeout>PT${pullSeconds}S</tev:Timeout><tev:MessageLimit>10</tev:MessageLimit></tev:PullMessages>`,
        ),
        'PullMessagesResponse',
        'digest',
        {
          extraMs: pullSeconds * 1000,
          addressing: { action: `${ns.tev}/PullPointSubscription/PullMessagesRequest`, to: advertised },
        },
      );
      messages = children(reply.payload, 'NotificationMessage').length;
    }
  } finally {
    await session
      .call('Unsubscribe', address, x('wsnt', '<wsnt:Unsubscribe/>'), 'digest', {
        addressing: { action: `${ns.wsnt}/SubscriptionManager/UnsubscribeRequest`, to: advertised },
      })
      .catch(() => undefined);
  }
  if (messages === 0)
    return failed(
      `subscribed at ${advertised}, but ${pulls} PullMessages of ${pullSeconds} s delivered no event (a new subscription gets the state of every property topic)`,
    );
  return ok(`subscribed at ${advertised}; ${messages} event(s) in ${pulls} pull(s)`, messages);
}
