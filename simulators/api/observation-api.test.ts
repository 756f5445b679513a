import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../fleet/fleet.ts';
import { ObservationLog } from '../observations/observation-log.ts';
import type { Observation } from '../observations/observation.ts';
import { createControlApp, type ControlApiOptions } from './control-api.ts';

const base = 1_790_000_000_000;

/** Three cameras' per-second stats with ONVIF requests and power changes between them. */
function observations(seconds: number, fromS = 0): Observation[] {
  const out: Observation[] = [];
  for (let s = fromS; s < fromS + seconds; s++) {
    for (const camera of ['cam-1', 'cam-2', 'cam-3'])
      out.push({
        kind: 'rtsp.session.stats',
        atMs: base + s * 1000,
        camera,
        session: `s-${camera}`,
        profile: 'main',
        framesSent: s * 25,
        bytesSent: s * 1000,
        framesDropped: 0,
        framesDroppedQueueFull: 0,
        framesSkipped: 0,
      });
    if (s % 4 === 0)
      out.push({
        kind: 'onvif.request',
        atMs: base + s * 1000 + 1,
        camera: `cam-${(s % 3) + 1}`,
        client: '127.0.0.1:5000',
        service: 'device',
        operation: 'GetDeviceInformation',
        auth: 'digest',
        user: 'hub',
        httpStatus: 200,
      });
    if (s % 25 === 0) out.push({ kind: 'camera.state', atMs: base + s * 1000 + 2, camera: 'cam-1', state: 'up' });
  }
  return out;
}

let dir: string;
const servers: { url: string; log: ObservationLog; close(): Promise<void> }[] = [];

/** The control API over a log, on a loopback port; only the observation routes are asked, and they read only the log. */
async function serve(log: ObservationLog): Promise<(typeof servers)[number]> {
  const app = createControlApp({ log } as unknown as Fleet, {} as ControlApiOptions);
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const entry = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
      await log.close();
    },
  };
  servers.push(entry);
  return entry;
}

let memory: (typeof servers)[number];
let spilled: (typeof servers)[number];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-observation-api-'));
  const m = new ObservationLog();
  const s = new ObservationLog({ memoryBudgetBytes: 5_000, spillDir: dir, spillSegmentRows: 61 });
  for (const o of observations(300)) {
    m.record(o);
    s.record(o);
  }
  memory = await serve(m);
  spilled = await serve(s);
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await rm(dir, { recursive: true, force: true });
});

describe('GET /api/observations answers from the whole run, spilled or not', () => {
  it('the spilled log keeps almost nothing in memory', () => {
    expect(spilled.log.memorySize).toBeLessThan(40);
    expect(spilled.log.spilledTotal).toBeGreaterThan(900);
  });

  it.each([
    { name: 'everything', query: '' },
    { name: 'a kind', query: '?kind=onvif.request' },
    { name: 'two kinds of one camera', query: '?kind=camera.state,onvif.request&camera=cam-1' },
    { name: 'since (oldest observations, on disk)', query: `?since=${base + 10_000}&until=${base + 40_000}` },
    { name: 'the newest 7 of a kind', query: '?kind=onvif.request&limit=7' },
    { name: 'a page from a sequence number', query: '?from=100&limit=50' },
    { name: 'a page of a kind from a sequence number', query: '?from=0&kind=camera.state&limit=5' },
    { name: 'the last page', query: '?from=1150&limit=500' },
  ])('$name', async ({ query }) => {
    const [a, b] = await Promise.all([memory, spilled].map((s) => fetch(`${s.url}/api/observations${query}`)));
    expect(a!.status).toBe(200);
    const expected = await a!.json();
    expect(await b!.json()).toEqual(expected);
    for (const header of ['camlab-next-from', 'camlab-truncated'])
      expect(b!.headers.get(header)).toBe(a!.headers.get(header));
  });

  it('pages through the whole run with camlab-next-from, each answer bounded by limit', async () => {
    const all: Observation[] = [];
    let from = 0;
    for (let page = 0; page < 100; page++) {
      const res = await fetch(`${spilled.url}/api/observations?from=${from}&limit=200`);
      const batch = (await res.json()) as Observation[];
      expect(batch.length).toBeLessThanOrEqual(200);
      all.push(...batch);
      if (res.headers.get('camlab-truncated') !== 'true') break;
      from = Number(res.headers.get('camlab-next-from'));
    }
    expect(all).toEqual(observations(300));
  });

  it('refuses a from that is not a sequence number', async () => {
    const res = await fetch(`${spilled.url}/api/observations?from=-3`);
    expect(res.status).toBe(400);
  });
});

/** Reads SSE events (id and data) until `count` have come. */
async function events(url: string, count: number, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const out: { id: number; observation: Observation }[] = [];
  let text = '';
  for (let reads = 0; out.length < count && reads < 10_000; reads++) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
    let end: number;
    while ((end = text.indexOf('\n\n')) >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const id = /^id: (\d+)$/m.exec(block);
      const data = /^data: (.*)$/m.exec(block);
      if (id !== null && data !== null)
        out.push({ id: Number(id[1]), observation: JSON.parse(data[1]!) as Observation });
    }
  }
  abort.abort();
  return out.slice(0, count);
}

describe('GET /api/observations/stream replays from the whole run, then follows', () => {
  it.each([
    {
      name: 'since a time (on disk)',
      query: `?since=${base + 290_000}`,
      first: (o: Observation) => o.atMs >= base + 290_000,
    },
    { name: 'from a sequence number', query: '?from=5', first: () => true },
  ])('replay $name: the same events as from memory', async ({ query }) => {
    const [a, b] = await Promise.all(
      [memory, spilled].map((s) => events(`${s.url}/api/observations/stream${query}`, 30)),
    );
    expect(b).toHaveLength(30);
    expect(b).toEqual(a);
  });

  it('a reader that reconnects with Last-Event-ID resumes after it, with no gap and no repeat', async () => {
    const first = await events(`${spilled.url}/api/observations/stream?from=0&kind=onvif.request`, 10);
    const lastId = first.at(-1)!.id;
    const resumedAt = spilled.log.recordedTotal;
    const resume = events(`${spilled.url}/api/observations/stream?from=0&kind=onvif.request`, 70, {
      'last-event-id': String(lastId),
    });
    // Recorded while the replay reads the spill: sent after it, in order.
    setImmediate(() => {
      for (const o of observations(40, 300)) {
        memory.log.record(o);
        spilled.log.record(o);
      }
    });
    const second = await resume;
    const ids = [...first, ...second].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect([...first, ...second].map((e) => e.observation)).toEqual(
      [...observations(300), ...observations(40, 300)].filter((o) => o.kind === 'onvif.request').slice(0, 80),
    );
    expect(second.some((e) => e.id >= resumedAt)).toBe(true);
  });
});
