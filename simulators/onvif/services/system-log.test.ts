import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObservationLog } from '../../observations/observation-log.ts';
import type { Observation } from '../../observations/observation.ts';
import type { OnvifRequestContext } from '../onvif-service.ts';
import { parseSoapRequest } from '../soap-request.ts';
import { networkOperations } from './device-network.ts';

const getSystemLog = new Map(networkOperations).get('GetSystemLog')!.handler;
const base = 1_790_000_000_000;

/** Two hours of one camera: a stats sample a second, an ONVIF request a minute, a power change every 10 minutes; and a second camera's. */
function run(): Observation[] {
  const out: Observation[] = [];
  for (let s = 0; s < 7200; s++) {
    for (const camera of ['cam-1', 'cam-2'])
      out.push({
        kind: 'rtsp.session.stats',
        atMs: base + s * 1000,
        camera,
        session: 's1',
        profile: 'main',
        framesSent: s * 25,
        bytesSent: s * 1000,
        framesDropped: 0,
      });
    if (s % 60 === 0)
      out.push({
        kind: 'onvif.request',
        atMs: base + s * 1000,
        camera: s % 120 === 0 ? 'cam-1' : 'cam-2',
        client: '127.0.0.1:5000',
        service: 'device',
        operation: 'GetSystemDateAndTime',
        auth: 'none',
        httpStatus: 200,
      });
    if (s % 600 === 0)
      out.push({
        kind: 'camera.state',
        atMs: base + s * 1000,
        camera: 'cam-1',
        state: s % 1200 === 0 ? 'down' : 'up',
        cause: 'test',
      });
  }
  return out;
}

/** What GetSystemLog answers, from a context that holds what it reads: the camera's id, its clock and the log. */
async function systemLog(log: ObservationLog, type: 'System' | 'Access'): Promise<string> {
  const req = parseSoapRequest(
    Buffer.from(
      `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><GetSystemLog xmlns="http://www.onvif.org/ver10/device/wsdl"><LogType>${type}</LogType></GetSystemLog></s:Body></s:Envelope>`,
    ),
  );
  const ctx = { req, camera: { id: 'cam-1' }, device: { deviceTimeMs: (ms: number) => ms }, log };
  return await getSystemLog(ctx as unknown as OnvifRequestContext);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-system-log-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('GetSystemLog over a log that spilled', () => {
  it.each(['System', 'Access'] as const)('%s: the same lines as from a log with everything in memory', async (type) => {
    const memory = new ObservationLog();
    const spilled = new ObservationLog({ memoryBudgetBytes: 20_000, spillDir: dir, spillSegmentRows: 1000 });
    for (const o of run()) {
      memory.record(o);
      spilled.record(o);
    }
    // The power changes and most requests are on disk: the memory keeps the last minute or so.
    expect(spilled.all()[0]!.atMs).toBeGreaterThan(base + 7000 * 1000);
    const answer = await systemLog(spilled, type);
    expect(answer).toBe(await systemLog(memory, type));
    const lines = /<tt:String>([^<]*)<\/tt:String>/.exec(answer)![1]!.split('\n');
    expect(lines).toHaveLength(type === 'System' ? 12 : 60);
    expect(lines[0]).toContain(type === 'System' ? 'power down (test)' : 'GetSystemDateAndTime');
    await spilled.close();
  });
});
