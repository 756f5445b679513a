/**
 * The search half of `npm run bench:recorder`: FindRecordings + GetRecordingSearchResults (then
 * EndSearch, untimed) from concurrent clients over HTTP against one device's ONVIF server holding
 * N recordings, each search for one camera's recordings (IncludedSources), as a hub backfilling a
 * camera asks an NVR. Beside it, in the same run and with the same requests, the floor: node:http
 * answering the same search from a plain in-memory array. Each server is a child process; this
 * process is the load generator. Reports p50/p99 of the timed pair and the ratio to the floor.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Camera } from '../../camera/camera.ts';
import { builtinDeviceModels } from '../../camera/camera-model.ts';
import { onvifUrl } from '../../camera/uris.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { OnvifServer } from '../../onvif/onvif-server.ts';
import { serveProfileG } from '../../onvif/services/profile-g.ts';
import { passwordDigest } from '../../onvif/ws-security.ts';
import { systemClock } from '../../clock/clock.ts';
import { esc, isoTime } from '../../wire/soap-writer.ts';
import { FixedSpansTrack } from '../fixed-spans-track.ts';
import { RecordingCatalog } from '../recording-catalog.ts';

const SELF = fileURLToPath(import.meta.url);
const USER = { username: 'admin', password: 'bench-pass', role: 'Administrator' as const };
/** The bench device's address, apart from the test blocks and bench:onvif's 127.12.128.0/18. */
const DEVICE_ADDRESS = '127.13.200.1';
const FLOOR_ADDRESS = '127.13.200.2';
const HOUR_MS = 3_600_000;

export interface SearchBenchOptions {
  recordings: number;
  concurrency: number;
  /** Timed searches in all (after a warm-up of one per client). */
  searches: number;
}

export interface SearchServerResult {
  searches: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  searchesPerSecond: number;
  /** The server process's CPU time per search (user + system): less sensitive to the machine's load than latency. */
  cpuUsPerSearch: number;
}

export interface SearchBenchResult {
  recordings: number;
  concurrency: number;
  camlab: SearchServerResult;
  floor: SearchServerResult;
  p99Ratio: number;
  /** camlab's server CPU per search over the floor's. */
  cpuRatio: number;
  p99TargetMs: number;
  p99UnderTarget: boolean;
}

const P99_TARGET_MS = 50;

interface BenchRecording {
  token: string;
  sourceId: string;
  spans: Array<{ startMs: number; endMs: number }>;
}

/** N recordings of N cameras over the last day, each with hourly gaps, the same in both servers. */
function benchRecordings(count: number, nowMs: number): BenchRecording[] {
  return Array.from({ length: count }, (_, i) => ({
    token: `REC-${i}`,
    sourceId: `urn:camlab:camera:bench-${i}`,
    spans: Array.from({ length: 24 }, (_, h) => ({
      startMs: nowMs - (24 - h) * HOUR_MS,
      endMs: nowMs - (24 - h) * HOUR_MS + HOUR_MS - 60_000 - (i % 7) * 1000,
    })),
  }));
}

type ChildMessage = { kind: 'ready'; url: string } | { kind: 'cpu'; us: number };

function ready(url: string, close: () => Promise<void>): void {
  process.on('message', (m: { kind: string }) => {
    if (m.kind !== 'cpu-read') return;
    const u = process.cpuUsage();
    process.send!({ kind: 'cpu', us: u.user + u.system } satisfies ChildMessage);
  });
  // Dead-man's switch: the child ends with its parent.
  process.on('disconnect', () => void close().then(() => process.exit(0)));
  process.send!({ kind: 'ready', url } satisfies ChildMessage);
}

/** The child's CPU time so far (user + system), in µs. */
function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const on = (m: ChildMessage): void => {
      if (m.kind !== 'cpu') return;
      child.off('message', on);
      resolve(m.us);
    };
    child.on('message', on);
    child.send({ kind: 'cpu-read' });
  });
}

/** Child: one device (a Camera with Profile G) holding the recordings, on camlab's OnvifServer. */
async function serveCamlab(count: number, nowMs: number): Promise<void> {
  const server = new OnvifServer({ log: new ObservationLog(10_000), snapshot: async () => Buffer.alloc(0) });
  const camera = new Camera({
    id: 'bench-nvr',
    name: 'Bench NVR',
    site: 'bench',
    model: builtinDeviceModels[0]!,
    network: { address: DEVICE_ADDRESS, rtspPort: 8554, onvifPort: 0 },
    users: [USER],
  });
  const catalog = new RecordingCatalog({ maxRecordings: count, maxTracksPerRecording: 4, maxRecordingJobs: count });
  for (const r of benchRecordings(count, nowMs)) {
    catalog.addRecorded(new FixedSpansTrack(r.token, `VIDEO-${r.token}`, r.sourceId, r.spans), {
      source: {
        sourceId: r.sourceId,
        name: r.token,
        location: 'bench',
        description: 'bench recording',
        address: 'http://127.0.0.1/onvif/device_service',
      },
      content: 'continuous',
      maximumRetentionTimeMs: 0,
    });
  }
  const profileG = serveProfileG(camera, {
    catalog,
    clock: systemClock,
    events: server,
    statePollMs: 0,
    maxSearchSessions: 256,
  });
  await server.addCamera(camera);
  ready(onvifUrl(camera, 'search'), async () => {
    profileG.close();
    await server.close();
  });
}

/** Child: the floor, node:http answering the same search from a plain array, with the same XML per match and no SOAP stack. */
async function serveFloor(count: number, nowMs: number): Promise<void> {
  const recordings = benchRecordings(count, nowMs);
  const searches = new Map<string, BenchRecording[]>();
  let next = 0;
  const envelope = (body: string): string =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tse="http://www.onvif.org/ver10/search/wsdl"><env:Body>${body}</env:Body></env:Envelope>`;
  const info = (r: BenchRecording): string =>
    `<tt:RecordingInformation><tt:RecordingToken>${esc(r.token)}</tt:RecordingToken><tt:Source><tt:SourceId>${esc(r.sourceId)}</tt:SourceId><tt:Name>${r.token}</tt:Name><tt:Location>bench</tt:Location><tt:Description>bench recording</tt:Description><tt:Address>http://127.0.0.1/onvif/device_service</tt:Address></tt:Source>` +
    `<tt:EarliestRecording>${isoTime(r.spans[0]!.startMs)}</tt:EarliestRecording><tt:LatestRecording>${isoTime(r.spans[r.spans.length - 1]!.endMs)}</tt:LatestRecording><tt:Content>continuous</tt:Content>` +
    `<tt:Track><tt:TrackToken>VIDEO-${r.token}</tt:TrackToken><tt:TrackType>Video</tt:TrackType><tt:Description>main stream</tt:Description><tt:DataFrom>${isoTime(r.spans[0]!.startMs)}</tt:DataFrom><tt:DataTo>${isoTime(r.spans[r.spans.length - 1]!.endMs)}</tt:DataTo></tt:Track><tt:RecordingStatus>Stopped</tt:RecordingStatus></tt:RecordingInformation>`;
  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let out: string;
      if (body.includes('FindRecordings')) {
        const source = /<tt:Token>([^<]*)<\/tt:Token>/.exec(body)?.[1];
        const token = `S${next++}`;
        searches.set(
          token,
          recordings.filter((r) => r.sourceId === source),
        );
        out = `<tse:FindRecordingsResponse><tse:SearchToken>${token}</tse:SearchToken></tse:FindRecordingsResponse>`;
      } else {
        const token = /<tse:SearchToken>([^<]*)<\/tse:SearchToken>/.exec(body)?.[1] ?? '';
        if (body.includes('EndSearch')) {
          searches.delete(token);
          out = `<tse:EndSearchResponse><tse:Endpoint>${isoTime(nowMs)}</tse:Endpoint></tse:EndSearchResponse>`;
        } else
          out = `<tse:GetRecordingSearchResultsResponse><tse:ResultList><tt:SearchState>Completed</tt:SearchState>${(searches.get(token) ?? []).map(info).join('')}</tse:ResultList></tse:GetRecordingSearchResultsResponse>`;
      }
      const bytes = Buffer.from(envelope(out));
      res
        .writeHead(200, { 'Content-Type': 'application/soap+xml; charset=utf-8', 'Content-Length': bytes.length })
        .end(bytes);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, FLOOR_ADDRESS, resolve));
  const port = (http.address() as { port: number }).port;
  ready(
    `http://${FLOOR_ADDRESS}:${port}/onvif/search_service`,
    () => new Promise<void>((resolve) => http.close(() => resolve())),
  );
}

function startChild(mode: string, count: number, nowMs: number): { child: ChildProcess; url: Promise<string> } {
  const child = fork(SELF, [mode, String(count), String(nowMs)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = new Promise<string>((resolve, reject) => {
    child.on('message', (m: ChildMessage) => {
      if (m.kind === 'ready') resolve(m.url);
    });
    child.once('exit', (code) => reject(new Error(`${mode} child exited with ${code}`)));
  });
  return { child, url };
}

/** A SOAP 1.2 request with a fresh WS-UsernameToken digest, as a hub sends each call. */
function soap(body: string): string {
  const nonce = randomBytes(16);
  const created = new Date().toISOString();
  return (
    '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tse="http://www.onvif.org/ver10/search/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema"><s:Header>' +
    '<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"><wsse:UsernameToken>' +
    `<wsse:Username>${USER.username}</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">${passwordDigest(nonce, created, USER.password)}</wsse:Password>` +
    `<wsse:Nonce>${nonce.toString('base64')}</wsse:Nonce><wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security></s:Header><s:Body>${body}</s:Body></s:Envelope>`
  );
}

function post(url: URL, agent: Agent, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/soap+xml; charset=utf-8', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
          else resolve(text);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One search: FindRecordings for a camera, its results (timed), then EndSearch (untimed). Returns ms and checks the one match came back. */
async function search(url: URL, agent: Agent, camera: number): Promise<number> {
  const sourceId = `urn:camlab:camera:bench-${camera}`;
  const t0 = performance.now();
  const found = await post(
    url,
    agent,
    soap(
      `<tse:FindRecordings><tse:Scope><tt:IncludedSources><tt:Token>${sourceId}</tt:Token></tt:IncludedSources></tse:Scope><tse:KeepAliveTime>PT10S</tse:KeepAliveTime></tse:FindRecordings>`,
    ),
  );
  const token = /<tse:SearchToken>([^<]*)</.exec(found)?.[1];
  if (token === undefined) throw new Error(`FindRecordings: no SearchToken in ${found.slice(0, 300)}`);
  const results = await post(
    url,
    agent,
    soap(
      `<tse:GetRecordingSearchResults><tse:SearchToken>${token}</tse:SearchToken><tse:WaitTime>PT1S</tse:WaitTime></tse:GetRecordingSearchResults>`,
    ),
  );
  const ms = performance.now() - t0;
  if (!results.includes(`<tt:RecordingToken>REC-${camera}</tt:RecordingToken>`) || !results.includes('Completed'))
    throw new Error(`GetRecordingSearchResults did not return REC-${camera}: ${results.slice(0, 300)}`);
  await post(url, agent, soap(`<tse:EndSearch><tse:SearchToken>${token}</tse:SearchToken></tse:EndSearch>`));
  return ms;
}

/** Searches from `concurrency` clients, each one after the other; returns every search's latency. */
async function round(
  url: URL,
  agent: Agent,
  concurrency: number,
  searches: number,
  pick: () => number,
): Promise<number[]> {
  const latencies: number[] = [];
  const perClient = Math.ceil(searches / concurrency);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = 0; i < perClient; i++) latencies.push(await search(url, agent, pick()));
    }),
  );
  return latencies;
}

interface Side {
  child: ChildProcess;
  url: URL;
  agent: Agent;
  latencies: number[];
  elapsedMs: number;
  cpuUs: number;
}

function summary(s: Side): SearchServerResult {
  const l = [...s.latencies].sort((a, b) => a - b);
  const at = (q: number): number => Math.round(l[Math.min(l.length - 1, Math.floor(q * l.length))]! * 100) / 100;
  return {
    searches: l.length,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: at(1),
    searchesPerSecond: Math.round(l.length / (s.elapsedMs / 1000)),
    cpuUsPerSearch: Math.round(s.cpuUs / l.length),
  };
}

/** Rounds alternate between the two servers, so both meet the same load from the rest of the machine. */
const ROUNDS = 5;

export async function runSearchBench(opts: SearchBenchOptions): Promise<SearchBenchResult> {
  const nowMs = Date.now();
  const started = (['camlab', 'floor'] as const).map((mode) => startChild(`serve-${mode}`, opts.recordings, nowMs));
  try {
    const urls = await Promise.all(started.map((s) => s.url));
    const sides: Side[] = started.map((s, i) => ({
      child: s.child,
      url: new URL(urls[i]!),
      agent: new Agent({ keepAlive: true, maxSockets: opts.concurrency }),
      latencies: [],
      elapsedMs: 0,
      cpuUs: 0,
    }));
    let camera = 0;
    const pick = (): number => (camera = (camera * 7919 + 104_729) % opts.recordings);
    // Warm-up: each server's code paths compiled, its sockets open.
    for (const s of sides) await round(s.url, s.agent, opts.concurrency, opts.concurrency * 5, pick);
    for (let r = 0; r < ROUNDS; r++) {
      for (const s of sides) {
        const cpu0 = await cpuOf(s.child);
        const t0 = performance.now();
        s.latencies.push(...(await round(s.url, s.agent, opts.concurrency, Math.ceil(opts.searches / ROUNDS), pick)));
        s.elapsedMs += performance.now() - t0;
        s.cpuUs += (await cpuOf(s.child)) - cpu0;
      }
    }
    for (const s of sides) s.agent.destroy();
    const camlab = summary(sides[0]!);
    const floor = summary(sides[1]!);
    return {
      recordings: opts.recordings,
      concurrency: opts.concurrency,
      camlab,
      floor,
      p99Ratio: Math.round((camlab.p99Ms / floor.p99Ms) * 100) / 100,
      cpuRatio: Math.round((camlab.cpuUsPerSearch / floor.cpuUsPerSearch) * 100) / 100,
      p99TargetMs: P99_TARGET_MS,
      p99UnderTarget: camlab.p99Ms < P99_TARGET_MS,
    };
  } finally {
    for (const { child } of started) {
      if (child.connected) child.disconnect();
      await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    }
  }
}

const [mode, count, now] = process.argv.slice(2);
if (mode === 'serve-camlab') await serveCamlab(Number(count), Number(now));
if (mode === 'serve-floor') await serveFloor(Number(count), Number(now));
