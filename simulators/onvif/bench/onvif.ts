/**
 * `npm run bench:onvif`: GetProfiles with HTTP Digest from many concurrent clients across N
 * cameras served by one OnvifServer process, and beside it, in the same run, the peer: the
 * `soap` package's own server answering GetProfiles from the official Media WSDL (read from
 * ../shared at bench time only), and the floor: node:http answering with fixed bytes. Each
 * server is a child process pinned to one core, the load generator to the other. Two phases:
 * closed loop for saturation throughput, then open loop at one fixed rate for every server
 * for latency, then a search for the highest rate each server answers with p99 under the
 * latency target (the 20 ms at 200 clients): throughput within a latency objective,
 * which a closed loop cannot show once the load generator's own core is the limit. Also times a fresh process from start to every camera answering a
 * WS-Discovery probe. Ends with one JSON line; fails (no JSON) if any request failed.
 *
 *   npm run bench:onvif -- [--cameras 1000] [--concurrency 200] [--seconds 8] [--rounds 2] [--rate RPS] [--p99-target-ms 20]
 */
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createSocket } from 'node:dgram';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Camera } from '../../camera/camera.ts';
// The device models only: the personalities' quirks rewrite answers, which is not what this bench measures.
import { builtinDeviceModels as builtinCameraModels } from '../../camera/camera-model.ts';
import { onvifUrl } from '../../camera/uris.ts';
import { DiscoveryService } from '../../discovery/discovery-service.ts';
import { WSD_MULTICAST_ADDRESS, WSD_PORT, probeXml } from '../../discovery/ws-discovery-codec.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { OnvifServer } from '../onvif-server.ts';
import { envelope } from '../../wire/soap-writer.ts';
import { type LoadTarget, type PhaseResult, runPhase } from './raw-http-load.ts';

const SELF = fileURLToPath(import.meta.url);
const WSDL_ROOT = fileURLToPath(new URL('../../../../shared/onvif-wsdl', import.meta.url));
const GET_PROFILES =
  '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><GetProfiles xmlns="http://www.onvif.org/ver10/media/wsdl"/></s:Body></s:Envelope>';
const USER = { username: 'admin', password: 'bench-pass', role: 'Administrator' as const };

/** Bench cameras live in 127.12.128.0/18, apart from the test blocks. */
function benchAddress(i: number): string {
  return `127.12.${128 + Math.floor(i / 250)}.${(i % 250) + 1}`;
}

type ChildMessage =
  { kind: 'ready'; endpoints: string[]; setupMs: number } | { kind: 'cpu'; userUs: number; systemUs: number };

// ---------------------------------------------------------------- child: camlab's OnvifServer

async function serveCamlab(count: number): Promise<void> {
  const t0 = performance.now();
  const log = new ObservationLog(200_000);
  const server = new OnvifServer({ log, snapshot: async () => Buffer.alloc(0) });
  const cameras: Camera[] = [];
  for (let i = 0; i < count; i++) {
    cameras.push(
      new Camera({
        id: `bench-${i}`,
        name: `Bench ${i}`,
        site: 'bench',
        model: builtinCameraModels[i % builtinCameraModels.length]!,
        network: { address: benchAddress(i), rtspPort: 554, onvifPort: 8080 },
        users: [USER],
      }),
    );
  }
  const discovery = new DiscoveryService({ log, cameras: () => cameras });
  await Promise.all([discovery.start(), ...cameras.map((c) => server.addCamera(c))]);
  serveChild(
    cameras.map((c) => onvifUrl(c, 'media')),
    performance.now() - t0,
    async () => {
      await discovery.close();
      await server.close();
    },
  );
}

// ---------------------------------------------------------------- child: the soap package's server

async function servePeer(): Promise<void> {
  const t0 = performance.now();
  const require = createRequire(import.meta.url);
  const soap = require('soap') as { listen(server: unknown, options: Record<string, unknown>): unknown };
  const mediaWsdl = `${WSDL_ROOT}/ver10/media/wsdl/media.wsdl`;
  // ONVIF WSDLs declare bindings only; the peer needs a wsdl:service, so wrap the official one.
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:trt="http://www.onvif.org/ver10/media/wsdl" targetNamespace="http://www.onvif.org/ver10/media/wsdl">
  <wsdl:import namespace="http://www.onvif.org/ver10/media/wsdl" location="${mediaWsdl}"/>
  <wsdl:service name="MediaService"><wsdl:port name="MediaPort" binding="trt:MediaBinding"><soap12:address location="http://127.12.191.1:8080/onvif/media_service"/></wsdl:port></wsdl:service>
</wsdl:definitions>`;
  const stub = (url: string): string => `${fileURLToPath(new URL('../e2e/fixtures/xsd/', import.meta.url))}${url}`;
  const external: Record<string, string> = {
    'https://www.w3.org/2005/05/xmlmime': stub('xmlmime.xsd'),
    'https://www.w3.org/2003/05/soap-envelope': stub('soap-envelope.xsd'),
    'http://docs.oasis-open.org/wsn/b-2.xsd': stub('wsn-b-2.xsd'),
    'https://www.w3.org/2004/08/xop/include': stub('xop-include.xsd'),
  };
  const profile = (token: string, name: string, w: number, h: number, kbps: number) => ({
    attributes: { token, fixed: true },
    Name: name,
    VideoSourceConfiguration: {
      attributes: { token: 'VideoSourceConfig_1' },
      Name: 'VideoSourceConfig',
      UseCount: 2,
      SourceToken: 'VideoSource_1',
      Bounds: { attributes: { x: 0, y: 0, width: 1920, height: 1080 } },
    },
    VideoEncoderConfiguration: {
      attributes: { token: `VideoEncoder_${token}` },
      Name: name,
      UseCount: 1,
      Encoding: 'H264',
      Resolution: { Width: w, Height: h },
      Quality: 5,
      RateControl: { FrameRateLimit: 25, EncodingInterval: 1, BitrateLimit: kbps },
      H264: { GovLength: 50, H264Profile: 'Main' },
      Multicast: { Address: { Type: 'IPv4', IPv4Address: '0.0.0.0' }, Port: 0, TTL: 1, AutoStart: false },
      SessionTimeout: 'PT60S',
    },
  });
  const services = {
    MediaService: {
      MediaPort: {
        GetProfiles: () => ({
          Profiles: [
            profile('Profile_main', 'MainStream', 1920, 1080, 4000),
            profile('Profile_sub', 'SubStream', 640, 360, 512),
          ],
        }),
      },
    },
  };
  const http = createServer();
  await new Promise<void>((resolve) => http.listen(8080, '127.12.191.1', resolve));
  // The soap server parses its WSDL asynchronously and stalls requests that come before it is ready.
  await new Promise<void>((resolve, reject) =>
    soap.listen(http, {
      path: '/onvif/media_service',
      services,
      xml,
      uri: `${WSDL_ROOT}/peer.wsdl`,
      wsdl_options: { overrideImportLocation: (l: string) => external[l] ?? l },
      // Content-Length framing, as camlab and the floor answer (and one write fewer for the peer).
      enableChunkedEncoding: false,
      callback: (err: unknown) => (err ? reject(err as Error) : resolve()),
    }),
  );
  serveChild(
    ['http://127.12.191.1:8080/onvif/media_service'],
    performance.now() - t0,
    () => new Promise<void>((resolve) => http.close(() => resolve())),
  );
}

// ---------------------------------------------------------------- child: the floor (node:http, fixed bytes)

/** No SOAP at all: a node:http server answering every POST with a fixed GetProfilesResponse the size of ours. What is left is the HTTP and kernel cost. */
async function serveFloor(bodyBytes: number): Promise<void> {
  const t0 = performance.now();
  const shell = envelope('<trt:GetProfilesResponse><!----></trt:GetProfilesResponse>');
  const body = Buffer.from(
    shell.replace('<!---->', `<!--${' '.repeat(Math.max(0, bodyBytes - Buffer.byteLength(shell)))}-->`),
  );
  const http = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      res
        .writeHead(200, { 'Content-Type': 'application/soap+xml; charset=utf-8', 'Content-Length': body.length })
        .end(body),
    );
  });
  await new Promise<void>((resolve) => http.listen(8080, '127.12.191.2', resolve));
  serveChild(
    ['http://127.12.191.2:8080/onvif/media_service'],
    performance.now() - t0,
    () => new Promise<void>((resolve) => http.close(() => resolve())),
  );
}

function serveChild(endpoints: string[], setupMs: number, close: () => Promise<void>): void {
  let cpuStart = process.cpuUsage();
  process.on('message', (msg: { kind: string }) => {
    if (msg.kind === 'cpu-start') cpuStart = process.cpuUsage();
    if (msg.kind === 'cpu-read') {
      const d = process.cpuUsage(cpuStart);
      process.send!({ kind: 'cpu', userUs: d.user, systemUs: d.system } satisfies ChildMessage);
    }
  });
  // Dead-man's switch: the child ends with its parent.
  process.on('disconnect', () => void close().then(() => process.exit(0)));
  process.send!({ kind: 'ready', endpoints, setupMs } satisfies ChildMessage);
}

// ---------------------------------------------------------------- parent: load and report

/**
 * Servers run on core 0 and the load generator (this process) on core 1, so neither steals
 * the other's CPU and each server's figure is what one core gives it. Without taskset (or
 * with fewer than two cores) everything shares the cores and the note says so.
 */
const SERVER_CORE = '0';
const GENERATOR_CORE = '1';
function pinSelf(): { pinned: boolean; note: string } {
  if (cpus().length < 2)
    return { pinned: false, note: 'not pinned: fewer than 2 cores, servers and generator share them' };
  try {
    execFileSync('taskset', ['-a', '-p', '-c', GENERATOR_CORE, String(process.pid)], { stdio: 'ignore' });
    return {
      pinned: true,
      note: `each server pinned to core ${SERVER_CORE}, load generator to core ${GENERATOR_CORE} (taskset)`,
    };
  } catch {
    return {
      pinned: false,
      note: 'not pinned: taskset (util-linux) is missing, servers and generator share the cores',
    };
  }
}

function startChild(
  mode: string,
  args: string[],
  pin: boolean,
): { child: ChildProcess; ready: Promise<{ endpoints: string[]; setupMs: number }> } {
  const nodeArgs = ['--import', 'tsx', SELF, mode, ...args];
  const stdio: ['ignore', 'inherit', 'inherit', 'ipc'] = ['ignore', 'inherit', 'inherit', 'ipc'];
  const child = pin
    ? spawn('taskset', ['-c', SERVER_CORE, process.execPath, ...nodeArgs], { stdio })
    : fork(SELF, [mode, ...args], { execArgv: ['--import', 'tsx'], stdio });
  const ready = new Promise<{ endpoints: string[]; setupMs: number }>((resolve, reject) => {
    child.on('message', (m: ChildMessage) => m.kind === 'ready' && resolve(m));
    child.once('exit', (code) => reject(new Error(`${mode} child exited with ${code}`)));
  });
  return { child, ready };
}

function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const on = (m: ChildMessage): void => {
      if (m.kind !== 'cpu') return;
      child.off('message', on);
      resolve(m.userUs + m.systemUs);
    };
    child.on('message', on);
    child.send({ kind: 'cpu-read' });
  });
}

interface LoadResult extends PhaseResult {
  cpuUsPerRequest: number;
}

interface Server {
  name: string;
  child: ChildProcess;
  targets: LoadTarget[];
}

async function load(server: Server, concurrency: number, seconds: number, rateRps?: number): Promise<LoadResult> {
  const r = await runPhase({
    targets: server.targets,
    clients: concurrency,
    body: GET_PROFILES,
    expect: 'GetProfilesResponse',
    warmupMs: 1000,
    durationMs: seconds * 1000,
    rateRps,
    onMeasureStart: () => server.child.send({ kind: 'cpu-start' }),
  });
  const cpuUs = await cpuOf(server.child);
  return { ...r, cpuUsPerRequest: cpuUs / Math.max(1, r.requests) };
}

/** A single endpoint is shared by all clients: one socket each. */
function shared(endpoint: string, concurrency: number): LoadTarget[] {
  const url = new URL(endpoint);
  return Array.from({ length: concurrency }, () => ({
    host: url.hostname,
    port: Number(url.port),
    path: url.pathname,
  }));
}

/** Forks a fresh camlab process and probes until every one of its cameras has answered. */
async function timeToDiscovery(count: number): Promise<{ ms: number; found: number; setupMs: number }> {
  const t0 = performance.now();
  const { child, ready } = startChild('serve-camlab', [String(count)], false);
  const { setupMs } = await ready;
  const socket = createSocket({ type: 'udp4', reuseAddr: true });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  socket.setRecvBufferSize(4 * 1024 * 1024);
  const seen = new Set<string>();
  const done = new Promise<number>((resolve) => {
    socket.on('message', (msg) => {
      const addr = /<wsa:Address>([^<]+)<\/wsa:Address>/.exec(msg.toString('utf8'))?.[1];
      if (addr !== undefined) seen.add(addr);
      if (seen.size === count) resolve(performance.now() - t0);
    });
  });
  const probe = Buffer.from(probeXml(`urn:uuid:${randomUUID()}`));
  socket.send(probe, WSD_PORT, WSD_MULTICAST_ADDRESS);
  const ms = await Promise.race([
    done,
    new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), 10_000)),
  ]);
  socket.close();
  child.disconnect();
  await new Promise((resolve) => child.once('exit', resolve));
  return { ms, found: seen.size, setupMs };
}

const SLO_STEPS = 5;
const SLO_PROBE_SECONDS = 3;

/**
 * The highest open-loop rate at which `server` answers every request with p99 under `p99Ms`:
 * a bisection over (0, ceilingRps] in SLO_STEPS probes, so the answer is within ceiling/2^steps.
 * A miss is probed once more before it counts, so one burst of other work on the shared machine
 * does not send the search down; noise can still only make the figure lower, never flatter it.
 * Any failed request stops the bench, as in the other phases.
 */
async function sloRate(
  server: Server,
  concurrency: number,
  p99Ms: number,
  ceilingRps: number,
): Promise<{ rps: number; probe: LoadResult | undefined }> {
  let lo = 0;
  let hi = ceilingRps;
  let best: LoadResult | undefined;
  for (let i = 0; i < SLO_STEPS; i++) {
    const rate = Math.max(100, Math.round((lo + hi) / 2));
    let r = await probe(server, concurrency, rate);
    if (r.p99Ms >= p99Ms) r = await probe(server, concurrency, rate);
    if (r.p99Ms < p99Ms) {
      lo = rate;
      best = r;
    } else {
      hi = rate;
    }
  }
  return { rps: lo, probe: best };
}

async function probe(server: Server, concurrency: number, rate: number): Promise<LoadResult> {
  const r = await load(server, concurrency, SLO_PROBE_SECONDS, rate);
  if (r.errors > 0)
    throw new Error(`${server.name}: ${r.errors} requests failed at ${rate} rps; first: ${r.errorSamples.join(' | ')}`);
  return r;
}

function median(rs: LoadResult[], key: (r: LoadResult) => number): LoadResult {
  const sorted = [...rs].sort((a, b) => key(a) - key(b));
  // Of an even count, the worse middle round: a tie never flatters.
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cameras: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '8' },
      rounds: { type: 'string', default: '2' },
      rate: { type: 'string' },
      'p99-target-ms': { type: 'string', default: '20' },
    },
  });
  const rounds = Number(values.rounds);
  const cameras = Number(values.cameras);
  const concurrency = Number(values.concurrency);
  const seconds = Number(values.seconds);
  const p99TargetMs = Number(values['p99-target-ms']);
  if (!existsSync(`${WSDL_ROOT}/ver10/media/wsdl/media.wsdl`))
    throw new Error(`the peer needs the official WSDLs at ${WSDL_ROOT}`);
  const loadBefore = loadavg()[0]!;

  // Before pinning: `camlab sim` start-up is timed on every core, as a user would run it.
  const discovery = await timeToDiscovery(cameras);
  console.log(
    `discovery: ${discovery.found}/${cameras} cameras answered a probe ${discovery.ms.toFixed(0)} ms after the process was forked (target < 3000); ` +
      `${discovery.setupMs.toFixed(0)} ms of that was OnvifServer + DiscoveryService setup, the rest node/tsx start-up and the 500 ms reply spread`,
  );

  const pin = pinSelf();
  console.log(pin.note);
  const camlab = startChild('serve-camlab', [String(cameras)], pin.pinned);
  const peer = startChild('serve-peer', [], pin.pinned);
  const ourReady = await camlab.ready;
  const ours: Server = {
    name: 'camlab',
    child: camlab.child,
    // Fewer cameras than clients: cameras get more than one socket each.
    targets: Array.from({ length: Math.max(concurrency, ourReady.endpoints.length) }, (_, i) => {
      const url = new URL(ourReady.endpoints[i % ourReady.endpoints.length]!);
      return {
        host: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        credentials: { username: USER.username, password: USER.password },
      };
    }),
  };
  // The floor answers with as many bytes as camlab's GetProfiles does (the mean over the models), so the kernel's share is alike.
  const sample = await runPhase({
    targets: ours.targets.slice(0, builtinCameraModels.length),
    clients: builtinCameraModels.length,
    body: GET_PROFILES,
    expect: 'GetProfilesResponse',
    warmupMs: 0,
    durationMs: 200,
  });
  const floor = startChild('serve-floor', [String(Math.round(sample.responseBytes))], pin.pinned);
  const [peerReady, floorReady] = await Promise.all([peer.ready, floor.ready]);
  const theirs: Server = {
    name: 'soap package',
    child: peer.child,
    targets: shared(peerReady.endpoints[0]!, concurrency),
  };
  const bottom: Server = { name: 'floor', child: floor.child, targets: shared(floorReady.endpoints[0]!, concurrency) };
  const servers = [ours, theirs, bottom];

  // Loads alternate server by server within each round so machine noise hits each alike.
  const closed = new Map<Server, LoadResult[]>(servers.map((s) => [s, []]));
  for (let r = 0; r < rounds; r++) for (const s of servers) closed.get(s)!.push(await load(s, concurrency, seconds));
  const best = (rs: LoadResult[]): LoadResult => rs.reduce((a, b) => (b.rps > a.rps ? b : a));
  const rateRps =
    values.rate !== undefined
      ? Number(values.rate)
      : Math.max(100, Math.floor((best(closed.get(theirs)!).rps * 0.5) / 100) * 100);
  const open = new Map<Server, LoadResult[]>(servers.map((s) => [s, []]));
  for (let r = 0; r < rounds; r++)
    for (const s of servers) open.get(s)!.push(await load(s, concurrency, seconds, rateRps));
  const slo = new Map<Server, { rps: number; probe: LoadResult | undefined }>();
  for (const s of servers) slo.set(s, await sloRate(s, concurrency, p99TargetMs, Math.ceil(best(closed.get(s)!).rps)));
  for (const c of [camlab, peer, floor]) c.child.disconnect();

  const row = (name: string, r: LoadResult): string =>
    `  ${name.padEnd(30)} ${r.rps.toFixed(0).padStart(6)} rps  p50 ${r.p50Ms.toFixed(2).padStart(7)} ms  p99 ${r.p99Ms.toFixed(2).padStart(7)} ms  max ${r.maxMs.toFixed(1).padStart(6)} ms` +
    `  server cpu/req ${r.cpuUsPerRequest.toFixed(0).padStart(4)} µs  generator core ${(r.generatorCpuShare * 100).toFixed(0).padStart(3)}%  ${r.responseBytes.toFixed(0)} B/resp  errors ${r.errors}`;
  const label = new Map<Server, string>([
    [ours, `camlab (${cameras} cams, digest)`],
    [theirs, 'soap pkg (1 endpoint, no auth)'],
    [bottom, 'floor (node:http, fixed body)'],
  ]);
  console.log(
    `GetProfiles, ${concurrency} concurrent clients, ${rounds} alternating rounds of ${seconds} s (+1 s warm-up) per phase, node ${process.version}, ${cpus().length} cores`,
  );
  console.log(
    `phase 1, CLOSED loop (saturation: next request as soon as the last answer arrives; latency here is ~${concurrency}/rps by Little's law):`,
  );
  for (const s of servers) closed.get(s)!.forEach((r, i) => console.log(row(`${label.get(s)!} #${i + 1}`, r)));
  const busiest = Math.max(...[...closed.values()].flat().map((r) => r.generatorCpuShare));
  if (busiest > 0.85)
    console.log(
      `  note: the load generator used up to ${(busiest * 100).toFixed(0)}% of its core, so the fastest figures above may be its limit, not the server's`,
    );
  console.log(
    `phase 2, OPEN loop at ${rateRps} rps offered to each server (${values.rate !== undefined ? '--rate' : "half the peer's best closed-loop rps"}), latency from each request's due time (coordinated-omission corrected):`,
  );
  for (const s of servers) open.get(s)!.forEach((r, i) => console.log(row(`${label.get(s)!} #${i + 1}`, r)));

  const errors = [...closed.values(), ...open.values()].flat().reduce((n, r) => n + r.errors, 0);
  if (errors > 0) {
    const samples = [...closed.values(), ...open.values()].flat().flatMap((r) => r.errorSamples);
    throw new Error(
      `${errors} requests failed (non-200, no GetProfilesResponse, lost or late); first: ${samples.slice(0, 5).join(' | ')}`,
    );
  }

  console.log(
    `phase 3, the highest OPEN-loop rate with p99 < ${p99TargetMs} ms (bisection under each server's closed-loop best, ${SLO_STEPS} steps, probes of ${SLO_PROBE_SECONDS} s, a miss probed twice):`,
  );
  for (const s of servers) {
    const r = slo.get(s)!;
    console.log(
      r.probe === undefined
        ? `  ${label.get(s)!.padEnd(30)} none: p99 >= ${p99TargetMs} ms even at the lowest rate probed`
        : row(label.get(s)!, r.probe),
    );
  }

  const c = { ours: best(closed.get(ours)!), theirs: best(closed.get(theirs)!), bottom: best(closed.get(bottom)!) };
  const byP99 = (r: LoadResult): number => r.p99Ms;
  const o = {
    ours: median(open.get(ours)!, byP99),
    theirs: median(open.get(theirs)!, byP99),
    bottom: median(open.get(bottom)!, byP99),
  };
  console.log(
    `closed loop (best round by rps): camlab ${c.ours.rps.toFixed(0)} rps vs peer ${c.theirs.rps.toFixed(0)} = ${(c.ours.rps / c.theirs.rps).toFixed(2)}x (target >= 3x), ` +
      `${(c.ours.rps / c.bottom.rps).toFixed(2)}x the floor; p99 ${c.ours.p99Ms.toFixed(2)} ms vs ${c.theirs.p99Ms.toFixed(2)} ms`,
  );
  console.log(
    `open loop at ${rateRps} rps (median round by p99): camlab p50 ${o.ours.p50Ms.toFixed(2)} / p99 ${o.ours.p99Ms.toFixed(2)} ms vs peer p50 ${o.theirs.p50Ms.toFixed(2)} / p99 ${o.theirs.p99Ms.toFixed(2)} ms ` +
      `(target p99 < 20 ms at ${concurrency} clients; floor p99 ${o.bottom.p99Ms.toFixed(2)} ms)`,
  );
  const sloOurs = slo.get(ours)!.rps;
  const sloTheirs = slo.get(theirs)!.rps;
  console.log(
    `within p99 < ${p99TargetMs} ms at ${concurrency} clients: camlab ${sloOurs} rps vs peer ${sloTheirs} rps = ${sloTheirs > 0 ? (sloOurs / sloTheirs).toFixed(2) : '∞'}x; floor ${slo.get(bottom)!.rps} rps`,
  );
  console.log(
    `server CPU per request (closed loop): camlab ${c.ours.cpuUsPerRequest.toFixed(0)} µs, peer ${c.theirs.cpuUsPerRequest.toFixed(0)} µs, floor ${c.bottom.cpuUsPerRequest.toFixed(0)} µs; ` +
      `load average ${loadBefore.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end (other work on the machine shows here)`,
  );
  // Rounds run one server at a time, so a burst of other work on the machine can land on one server only;
  // CPU per request in each server's least disturbed round is far less sensitive to that than rps.
  const leastCpu = (s: Server): number => Math.min(...closed.get(s)!.map((r) => r.cpuUsPerRequest));
  const cpuRatio = leastCpu(theirs) / leastCpu(ours);
  console.log(
    `efficiency (lowest closed-loop CPU per request, peer ${leastCpu(theirs).toFixed(0)} µs / camlab ${leastCpu(ours).toFixed(0)} µs): ${cpuRatio.toFixed(2)}x, ` +
      'what the rps ratio would be with a quiet core for each',
  );
  const f2 = (x: number): number => Number(x.toFixed(2));
  console.log(
    JSON.stringify({
      rps: Math.round(c.ours.rps),
      p99_ms: f2(c.ours.p99Ms),
      peer_rps: Math.round(c.theirs.rps),
      peer_p99_ms: f2(c.theirs.p99Ms),
      ratio: f2(c.ours.rps / c.theirs.rps),
      p50_ms: f2(c.ours.p50Ms),
      peer_p50_ms: f2(c.theirs.p50Ms),
      cpu_us_per_req: Math.round(c.ours.cpuUsPerRequest),
      generator_core_share: f2(c.ours.generatorCpuShare),
      cpu_ratio: f2(cpuRatio),
      peer_cpu_us_per_req: Math.round(c.theirs.cpuUsPerRequest),
      slo_p99_target_ms: p99TargetMs,
      slo_rps: sloOurs,
      peer_slo_rps: sloTheirs,
      floor_slo_rps: slo.get(bottom)!.rps,
      open_loop_rate_rps: rateRps,
      open_loop_p50_ms: f2(o.ours.p50Ms),
      open_loop_p99_ms: f2(o.ours.p99Ms),
      peer_open_loop_p50_ms: f2(o.theirs.p50Ms),
      peer_open_loop_p99_ms: f2(o.theirs.p99Ms),
      floor_rps: Math.round(c.bottom.rps),
      floor_p99_ms: f2(c.bottom.p99Ms),
      floor_cpu_us_per_req: Math.round(c.bottom.cpuUsPerRequest),
      floor_open_loop_p99_ms: f2(o.bottom.p99Ms),
      discovery_ms: Math.round(discovery.ms),
      pinned: pin.pinned,
      load_avg: f2(loadavg()[0]!),
    }),
  );
}

const mode = process.argv[2];
if (mode === 'serve-camlab') await serveCamlab(Number(process.argv[3]));
else if (mode === 'serve-peer') await servePeer();
else if (mode === 'serve-floor') await serveFloor(Number(process.argv[3]));
else await main();
