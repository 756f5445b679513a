/**
 * `npm run bench:onvif`: GetProfiles with HTTP Digest from many concurrent clients across N
 * cameras served by one OnvifServer process, and beside it, in the same run, the peer: the
 * `soap` package's own server answering GetProfiles from the official Media WSDL (read from
 * ../shared at bench time only). Also times a fresh process from start to every camera
 * answering a WS-Discovery probe. Ends with one JSON line.
 *
 *   npm run bench:onvif -- [--cameras 1000] [--concurrency 200] [--seconds 8] [--rounds 2]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createSocket } from 'node:dgram';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Camera } from '../../camera/camera.ts';
import { builtinCameraModels } from '../../camera/camera-model.ts';
import { onvifUrl } from '../../camera/uris.ts';
import { DiscoveryService } from '../../discovery/discovery-service.ts';
import { WSD_MULTICAST_ADDRESS, WSD_PORT, probeXml } from '../../discovery/ws-discovery-codec.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { digestResponse } from '../http-digest.ts';
import { OnvifServer } from '../onvif-server.ts';

const SELF = fileURLToPath(import.meta.url);
const WSDL_ROOT = fileURLToPath(new URL('../../../../shared/onvif-wsdl', import.meta.url));
const GET_PROFILES =
  '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><GetProfiles xmlns="http://www.onvif.org/ver10/media/wsdl"/></s:Body></s:Envelope>';
const REQUEST_TIMEOUT_MS = 10_000;
/** Size of camlab's GetProfiles answer for the builtin models (the floor server sends as many bytes). */
const GET_PROFILES_RESPONSE_BYTES = 6_650;
const USER = { username: 'admin', password: 'bench-pass', role: 'Administrator' as const };

/** Bench cameras live in 127.12.128.0/18, apart from the test blocks. */
function benchAddress(i: number): string {
  return `127.12.${128 + Math.floor(i / 250)}.${(i % 250) + 1}`;
}

type ChildMessage = { kind: 'ready'; endpoints: string[]; setupMs: number } | { kind: 'cpu'; userUs: number; systemUs: number };

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
    VideoSourceConfiguration: { attributes: { token: 'VideoSourceConfig_1' }, Name: 'VideoSourceConfig', UseCount: 2, SourceToken: 'VideoSource_1', Bounds: { attributes: { x: 0, y: 0, width: 1920, height: 1080 } } },
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
        GetProfiles: () => ({ Profiles: [profile('Profile_main', 'MainStream', 1920, 1080, 4000), profile('Profile_sub', 'SubStream', 640, 360, 512)] }),
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
      callback: (err: unknown) => (err ? reject(err as Error) : resolve()),
    }),
  );
  serveChild(['http://127.12.191.1:8080/onvif/media_service'], performance.now() - t0, () => new Promise<void>((resolve) => http.close(() => resolve())));
}

// ---------------------------------------------------------------- child: the floor (node:http, fixed bytes)

/** No SOAP at all: a node:http server answering every POST with a fixed body the size of ours. What is left is the HTTP and kernel cost. */
async function serveFloor(bodyBytes: number): Promise<void> {
  const t0 = performance.now();
  const body = Buffer.alloc(bodyBytes, 0x20);
  const http = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/soap+xml; charset=utf-8', 'Content-Length': body.length }).end(body));
  });
  await new Promise<void>((resolve) => http.listen(8080, '127.12.191.2', resolve));
  serveChild(['http://127.12.191.2:8080/onvif/media_service'], performance.now() - t0, () => new Promise<void>((resolve) => http.close(() => resolve())));
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

function startChild(mode: string, args: string[]): { child: ChildProcess; ready: Promise<{ endpoints: string[]; setupMs: number }> } {
  const child = fork(SELF, [mode, ...args], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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

interface Target {
  url: URL;
  auth: ((nc: number) => string) | undefined;
  nc: number;
}

function post(agent: Agent, t: Target): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'Content-Type': 'application/soap+xml; charset=utf-8', 'Content-Length': Buffer.byteLength(GET_PROFILES) };
    if (t.auth !== undefined) headers.Authorization = t.auth(++t.nc);
    const req = request({ host: t.url.hostname, port: t.url.port, path: t.url.pathname, method: 'POST', agent, headers }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(GET_PROFILES);
  });
}

/** Gets each camera's Digest challenge once; later requests answer it with a rising nonce count. */
async function digestTargets(agent: Agent, endpoints: string[]): Promise<Target[]> {
  return Promise.all(
    endpoints.map(
      (e) =>
        new Promise<Target>((resolve, reject) => {
          const url = new URL(e);
          const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'Content-Type': 'application/soap+xml' } }, (res) => {
            res.resume();
            const challenge = String(res.headers['www-authenticate']);
            const realm = /realm="([^"]+)"/.exec(challenge)![1]!;
            const nonce = /nonce="([^"]+)"/.exec(challenge)![1]!;
            const cnonce = randomUUID().slice(0, 8);
            const auth = (n: number): string => {
              const nc = n.toString(16).padStart(8, '0');
              const response = digestResponse({ username: USER.username, realm, nonce, uri: url.pathname, qop: 'auth', nc, cnonce }, 'POST', USER.password);
              return `Digest username="${USER.username}", realm="${realm}", nonce="${nonce}", uri="${url.pathname}", qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"`;
            };
            res.on('end', () => resolve({ url, auth, nc: 0 }));
          });
          req.on('error', reject);
          req.end(GET_PROFILES);
        }),
    ),
  );
}

interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  requests: number;
  cpuUsPerRequest: number;
}

async function load(child: ChildProcess, targets: Target[], concurrency: number, seconds: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const warmupUntil = performance.now() + 1000;
  let measuring = false;
  let stopAt = Number.POSITIVE_INFINITY;
  const latencies: number[] = [];
  let errors = 0;
  let startMs = 0;
  const worker = async (w: number): Promise<void> => {
    for (let k = 0; ; k++) {
      const now = performance.now();
      if (!measuring && now >= warmupUntil) {
        measuring = true;
        startMs = now;
        stopAt = now + seconds * 1000;
        child.send({ kind: 'cpu-start' });
      }
      if (now >= stopAt) return;
      const t = targets[(w + k * concurrency) % targets.length]!;
      const t0 = performance.now();
      try {
        const status = await post(agent, t);
        if (status !== 200) errors++;
      } catch {
        errors++;
      }
      if (measuring && t0 >= startMs) latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const cpuUs = await cpuOf(child);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  return { rps: latencies.length / seconds, p50Ms: q(0.5), p99Ms: q(0.99), errors, requests: latencies.length, cpuUsPerRequest: cpuUs / Math.max(1, latencies.length) };
}

/** Forks a fresh camlab process and probes until every one of its cameras has answered. */
async function timeToDiscovery(count: number): Promise<{ ms: number; found: number; setupMs: number }> {
  const t0 = performance.now();
  const { child, ready } = startChild('serve-camlab', [String(count)]);
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
  const ms = await Promise.race([done, new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), 10_000))]);
  socket.close();
  child.disconnect();
  await new Promise((resolve) => child.once('exit', resolve));
  return { ms, found: seen.size, setupMs };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { cameras: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '200' }, seconds: { type: 'string', default: '8' }, rounds: { type: 'string', default: '2' } },
  });
  const rounds = Number(values.rounds);
  const cameras = Number(values.cameras);
  const concurrency = Number(values.concurrency);
  const seconds = Number(values.seconds);
  if (!existsSync(`${WSDL_ROOT}/ver10/media/wsdl/media.wsdl`)) throw new Error(`the peer needs the official WSDLs at ${WSDL_ROOT}`);

  const discovery = await timeToDiscovery(cameras);
  console.log(
    `discovery: ${discovery.found}/${cameras} cameras answered a probe ${discovery.ms.toFixed(0)} ms after the process was forked (target < 3000); ` +
      `${discovery.setupMs.toFixed(0)} ms of that was OnvifServer + DiscoveryService setup, the rest node/tsx start-up and the 500 ms reply spread`,
  );

  // Both servers stay up; loads alternate so machine noise hits each alike. Best round of each is reported.
  const camlab = startChild('serve-camlab', [String(cameras)]);
  const peer = startChild('serve-peer', []);
  const floor = startChild('serve-floor', [String(GET_PROFILES_RESPONSE_BYTES)]);
  const [ourReady, peerReady, floorReady] = await Promise.all([camlab.ready, peer.ready, floor.ready]);
  const targets = await digestTargets(new Agent({ keepAlive: false }), ourReady.endpoints);
  const plain = (endpoints: string[]): Target[] => endpoints.map((e) => ({ url: new URL(e), auth: undefined, nc: 0 }));
  const oursRounds: LoadResult[] = [];
  const peerRounds: LoadResult[] = [];
  const floorRounds: LoadResult[] = [];
  for (let r = 0; r < rounds; r++) {
    oursRounds.push(await load(camlab.child, targets, concurrency, seconds));
    peerRounds.push(await load(peer.child, plain(peerReady.endpoints), concurrency, seconds));
    floorRounds.push(await load(floor.child, plain(floorReady.endpoints), concurrency, seconds));
  }
  for (const c of [camlab, peer, floor]) c.child.disconnect();
  const best = (rs: LoadResult[]): LoadResult => rs.reduce((a, b) => (b.rps > a.rps ? b : a));
  const ours = best(oursRounds);
  const theirs = best(peerRounds);

  const row = (name: string, r: LoadResult): string =>
    `${name.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} rps  p50 ${r.p50Ms.toFixed(2).padStart(7)} ms  p99 ${r.p99Ms.toFixed(2).padStart(7)} ms  cpu/req ${r.cpuUsPerRequest.toFixed(0).padStart(5)} µs  errors ${r.errors}`;
  console.log(`GetProfiles, ${concurrency} concurrent clients, ${rounds} alternating rounds of ${seconds} s, node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`);
  oursRounds.forEach((r, i) => console.log(row(`camlab OnvifServer round ${i + 1}`, r)));
  peerRounds.forEach((r, i) => console.log(row(`soap package server round ${i + 1}`, r)));
  floorRounds.forEach((r, i) => console.log(row(`floor: node:http fixed bytes round ${i + 1}`, r)));
  console.log(row(`camlab (${cameras} cams, digest), best`, ours));
  console.log(row('soap server (1 endpoint, no auth), best', theirs));
  const bottom = best(floorRounds);
  console.log(row('floor (node:http, no SOAP), best', bottom));
  console.log(`ratio ${(ours.rps / theirs.rps).toFixed(2)}x (target >= 3x); p99 ${ours.p99Ms.toFixed(2)} ms (target < 20 ms)`);
  console.log(
    `server CPU above the HTTP floor: camlab ${(ours.cpuUsPerRequest - bottom.cpuUsPerRequest).toFixed(0)} µs/req, soap package ${(theirs.cpuUsPerRequest - bottom.cpuUsPerRequest).toFixed(0)} µs/req; ` +
      `the floor alone caps any node:http server at ${(theirs.cpuUsPerRequest / bottom.cpuUsPerRequest).toFixed(2)}x the peer's CPU efficiency`,
  );
  console.log(JSON.stringify({ rps: Math.round(ours.rps), p99_ms: Number(ours.p99Ms.toFixed(2)), peer_rps: Math.round(theirs.rps), peer_p99_ms: Number(theirs.p99Ms.toFixed(2)) }));
}

const mode = process.argv[2];
if (mode === 'serve-camlab') await serveCamlab(Number(process.argv[3]));
else if (mode === 'serve-peer') await servePeer();
else if (mode === 'serve-floor') await serveFloor(Number(process.argv[3]));
else await main();
