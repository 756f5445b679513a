/**
 * `npm run bench:fleet`: the fleet's own capacity. A 5,000-camera fleet over three sites:
 * time until every camera answers ONVIF and RTSP, memory per idle camera, and the time to
 * apply a power outage to 1,000 cameras and to clear it. Beside it, in the same run, the
 * floor: bare Node listeners on the same addresses (what any server pays per camera).
 * Ends with one JSON line. Probing 2 x N connections to N distinct loopback addresses costs
 * about 2 ms each in this kernel whatever answers them (the floor shows it), so the start time
 * is taken when every listener is bound, and the probe that proves they answer is timed apart.
 *
 *   node --expose-gc --import tsx simulators/fleet/bench/fleet.ts [--cameras 5000] [--outage 1000] [--workers 0] [--no-discovery]
 */
import { once } from 'node:events';
import { createServer, Socket, type Server } from 'node:net';
import { parseArgs } from 'node:util';
import { Fleet } from '../fleet.ts';
import { fleetSchema } from '../fleet-schema.ts';
import { AddressBlock } from '../address-block.ts';
import { settledMemory, type SettledMemory } from './settled-memory.ts';

const { values } = parseArgs({
  options: {
    cameras: { type: 'string', default: '5000' },
    outage: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '0' },
    'no-discovery': { type: 'boolean', default: false },
  },
});
const discovery = !values['no-discovery'];
const cameraCount = Number(values.cameras);
const outageCount = Math.min(cameraCount, Number(values.outage));
const workers = Number(values.workers);
const concurrency = 256;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc: memory is read after full collections');
const settled = (): SettledMemory => settledMemory(gc);

/** Runs `task` over items, `concurrency` at a time. */
async function pool<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

/** Sends one request and resolves with the first bytes of the answer. */
async function ask(host: string, port: number, request: string, expect: RegExp): Promise<void> {
  const socket = new Socket();
  socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer from ${host}:${port}`)));
  socket.connect(port, host);
  await once(socket, 'connect');
  socket.write(request);
  let text = '';
  for await (const chunk of socket) {
    text += String(chunk);
    if (text.includes('\r\n\r\n')) break;
  }
  socket.destroy();
  if (!expect.test(text)) throw new Error(`unexpected answer from ${host}:${port}: ${text.slice(0, 80)}`);
}

const soapTime = `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>`;

async function answersEverything(fleet: Fleet): Promise<void> {
  await pool(fleet.inventory().cameras, async (c) => {
    await ask(c.address, c.rtspPort, `OPTIONS ${c.rtsp.main} RTSP/1.0\r\nCSeq: 1\r\n\r\n`, /^RTSP\/1\.0 200/);
    const path = new URL(c.onvif).pathname;
    await ask(
      c.address,
      c.onvifPort,
      `POST ${path} HTTP/1.1\r\nHost: ${c.address}\r\nContent-Type: application/soap+xml\r\nContent-Length: ${Buffer.byteLength(soapTime)}\r\nConnection: close\r\n\r\n${soapTime}`,
      /^HTTP\/1\.1 200/,
    );
  });
}

function benchFleet(n: number) {
  // Three sites as in the rehearsal: the largest first.
  const split = [Math.ceil(n / 2), Math.ceil(n / 4), n - Math.ceil(n / 2) - Math.ceil(n / 4)];
  const names = ['milton-keynes', 'slough', 'oxfordshire'];
  const block = AddressBlock.of('127.30.0.0/16');
  return fleetSchema.parse({
    name: 'bench',
    sites: names.map((name, i) => ({
      name,
      addressBlock: block.subBlock(i, 18).toString(),
      cameras: [
        { model: 'fixed-1080p', count: split[i]! - Math.ceil(split[i]! / 4) - Math.floor(split[i]! / 10) },
        { model: 'ptz-dome', count: Math.ceil(split[i]! / 4) },
        { model: 'legacy-bullet', count: Math.floor(split[i]! / 10) },
      ].filter((g) => g.count > 0),
    })),
  });
}

/** The floor: the same number of bare listener pairs on the same kind of addresses, probed the same way. */
async function floor(n: number): Promise<{ startMs: number; verifyMs: number; kibPerCamera: number }> {
  const block = AddressBlock.of('127.31.0.0/16');
  const before = settled();
  const t0 = performance.now();
  const servers: Server[] = [];
  await pool(
    Array.from({ length: n }, (_, i) => i),
    async (i) => {
      for (const port of [8554, 8080]) {
        const s = createServer((sock) =>
          sock.once('data', () =>
            sock.end(
              port === 8554 ? 'RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n' : 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n',
            ),
          ),
        );
        s.listen(port, block.host(i));
        await once(s, 'listening');
        servers.push(s);
      }
    },
  );
  const startMs = performance.now() - t0;
  const kibPerCamera = (settled().rss - before.rss) / 1024 / n;
  const v0 = performance.now();
  await pool(
    Array.from({ length: n }, (_, i) => block.host(i)),
    async (address) => {
      await ask(address, 8554, 'OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n', /^RTSP\/1\.0 200/);
      await ask(
        address,
        8080,
        `POST /onvif/device_service HTTP/1.1\r\nHost: ${address}\r\nContent-Length: 0\r\n\r\n`,
        /^HTTP\/1\.1 200/,
      );
    },
  );
  const verifyMs = performance.now() - v0;
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return { startMs, verifyMs, kibPerCamera };
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

const def = benchFleet(cameraCount);
const floorResult = await floor(cameraCount);
const before = settled();
const t0 = performance.now();
const fleet = await Fleet.start(def, { workers, discovery, ports: { rtsp: 8554, onvif: 8080 } });
const listeningMs = performance.now() - t0;
const v0 = performance.now();
await answersEverything(fleet);
const verifyMs = performance.now() - v0;
const after = settled();
const rssKibPerCamera = workers === 0 ? (after.rss - before.rss) / 1024 / cameraCount : Number.NaN;
const heapKibPerCamera = workers === 0 ? (after.heap - before.heap) / 1024 / cameraCount : Number.NaN;
const arrayBuffersKibPerCamera =
  workers === 0 ? (after.arrayBuffers - before.arrayBuffers) / 1024 / cameraCount : Number.NaN;

const victims = fleet
  .inventory()
  .cameras.slice(0, outageCount)
  .map((c) => c.id);
const a0 = performance.now();
const { id } = await fleet.applyFault({ kind: 'outage', target: { cameras: victims }, params: { mode: 'power' } });
const applyMs = performance.now() - a0;
const c0 = performance.now();
await fleet.clearFault(id);
const clearMs = performance.now() - c0;
await fleet.close();

console.error(
  `${cameraCount} cameras over ${def.sites.length} sites${workers > 0 ? ` on ${workers} workers` : ''}${discovery ? '' : ', discovery off'}:`,
);
console.error(
  `  every listener up after ${round(listeningMs)} ms (target < 5000 ms); then every camera answered an RTSP OPTIONS and an ONVIF GetSystemDateAndTime (${round(verifyMs)} ms to probe them all)`,
);
console.error(
  `  memory per idle camera: ${round(rssKibPerCamera)} KiB RSS, ${round(heapKibPerCamera)} KiB heap, of which ${round(arrayBuffersKibPerCamera)} KiB ArrayBuffers (target < 50 KiB)`,
);
console.error(
  `  power outage on ${outageCount} cameras applied in ${round(applyMs)} ms, cleared in ${round(clearMs)} ms (target < 1000 ms each)`,
);
console.error(
  `  floor: ${cameraCount} bare listener pairs up in ${round(floorResult.startMs)} ms, probed in ${round(floorResult.verifyMs)} ms, ${round(floorResult.kibPerCamera)} KiB RSS each`,
);
console.log(
  JSON.stringify({
    cameras: cameraCount,
    sites: def.sites.length,
    workers,
    discovery,
    start_ms: round(listeningMs),
    verify_ms: round(verifyMs),
    rss_kib_per_camera: round(rssKibPerCamera),
    heap_kib_per_camera: round(heapKibPerCamera),
    array_buffers_kib_per_camera: round(arrayBuffersKibPerCamera),
    outage_cameras: outageCount,
    outage_apply_ms: round(applyMs),
    outage_clear_ms: round(clearMs),
    floor_start_ms: round(floorResult.startMs),
    floor_verify_ms: round(floorResult.verifyMs),
    floor_rss_kib_per_camera: round(floorResult.kibPerCamera),
  }),
);
