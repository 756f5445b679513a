import { parentPort, workerData } from 'node:worker_threads';
import { EgressAdmission } from './egress-admission.ts';
import type { ReadEgress } from './egress-reader.ts';
import { EgressCameraReader, egressReaders } from './egress-camera-reader.ts';
import { packTallies } from './egress-tally-batch.ts';
import type { EgressWorkerData, EgressWorkerToMain, MainToEgressWorker } from './egress-worker-protocol.ts';

/**
 * An egress worker thread: reads its share of the cameras' restreams with the protocol's reader
 * and tallies them, and answers each of the main thread's interval ticks with one batch of
 * counts. No message per frame crosses threads.
 */
const data = workerData as EgressWorkerData;
const port = parentPort!;
const post = (msg: EgressWorkerToMain, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);

let clockOffsetMs = data.clockOffsetMs;
let read: ReadEgress = egressReaders[data.protocol];
let now = (): number => Date.now() + clockOffsetMs;
if (data.readModule !== undefined) {
  const m = (await import(data.readModule)) as { readEgress: ReadEgress; now?: () => number };
  read = m.readEgress;
  if (m.now !== undefined) now = m.now;
}

const readers = new Map<string, EgressCameraReader>();
const admission = new EgressAdmission(data.maxOpening);

function answer(reqId: number, taken: EgressCameraReader[]): void {
  const batch = packTallies(taken.map((r) => [r.tally.cameraId, r.take()] as const));
  post({ type: 'tallies', reqId, batch }, [batch.counts.buffer as ArrayBuffer, batch.latencyMs.buffer as ArrayBuffer]);
}

port.on('message', (msg: MainToEgressWorker) => {
  switch (msg.type) {
    case 'watch':
      if (!readers.has(msg.camera))
        readers.set(
          msg.camera,
          new EgressCameraReader({
            cameraId: msg.camera,
            url: msg.url,
            protocol: data.protocol,
            read,
            now: () => now(),
            retryMs: data.retryMs,
            onProblem: (message) => post({ type: 'problem', message }),
            admission,
          }),
        );
      break;
    case 'unwatch': {
      const taken = msg.cameras.map((id) => readers.get(id)).filter((r) => r !== undefined);
      answer(msg.reqId, taken);
      for (const r of taken) {
        r.stop();
        readers.delete(r.tally.cameraId);
      }
      break;
    }
    case 'take':
      clockOffsetMs = msg.clockOffsetMs;
      answer(msg.reqId, [...readers.values()]);
      break;
    case 'close': {
      const all = [...readers.values()];
      readers.clear();
      for (const r of all) r.stop();
      // Once every reader has let go of its connection the port is all that keeps the thread alive.
      void Promise.all(all.map((r) => r.done)).then(() => port.close());
      break;
    }
  }
});
