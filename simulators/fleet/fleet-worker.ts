import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../clock/clock.ts';
import { ObservationLog } from '../observations/observation-log.ts';
import type { Observation } from '../observations/observation.ts';
import { builtinFaultKinds } from '../faults/builtin-fault-kinds.ts';
import { FleetNode } from './fleet-node.ts';
import { resolveModel } from './fleet-schema.ts';
import type { FleetWorkerData, ParentToWorker, WorkerToParent } from './fleet-worker-protocol.ts';
import { startStandardServers } from './standard-device-servers.ts';

/**
 * A fleet worker thread: serves its slice of cameras with its own servers, applies the faults
 * the parent sends, and forwards its observations in batches.
 */
const data = workerData as FleetWorkerData;
const port = parentPort!;
const post = (msg: WorkerToParent): void => port.postMessage(msg);
const flushIntervalMs = 50;

// The worker keeps only what is not yet forwarded; the parent's log is the record.
const log = new ObservationLog(1_000);
let batch: Observation[] = [];
log.subscribe((o) => {
  batch.push(o);
});
const flush = (): void => {
  if (batch.length === 0) return;
  post({ type: 'observations', batch });
  batch = [];
};
const flushTimer = setInterval(flush, flushIntervalMs);

let node: FleetNode | undefined;

async function start(): Promise<void> {
  const cameras = data.plan.cameras.slice(data.from, data.to);
  const models = [...new Set(cameras.map((c) => c.modelId))].map((id) => resolveModel(data.def, id));
  const servers = await startStandardServers({
    log,
    clock: systemClock,
    models,
    discovery: data.discovery,
    interfaceAddress: data.interfaceAddress,
    seed: data.def.seed,
  });
  node = await FleetNode.start({
    def: data.def,
    plan: data.plan,
    cameras,
    log,
    clock: systemClock,
    registry: builtinFaultKinds(),
    servers,
  });
  for (const c of node.cameras) {
    c.on('power', (power) => post({ type: 'camera', id: c.id, power, network: c.network }));
    c.on('readdress', (_prev, network) => post({ type: 'camera', id: c.id, power: c.power, network }));
  }
}

async function handle(msg: ParentToWorker): Promise<void> {
  try {
    switch (msg.type) {
      case 'apply':
        node!.faults.applyNow(msg.fault);
        break;
      case 'clear':
        node!.faults.clearNow(msg.id);
        break;
      case 'add-users':
        node!.addUsers(msg.cameraIds, msg.users);
        break;
      case 'remove-users':
        node!.removeUsers(msg.cameraIds, msg.usernames);
        break;
      case 'status':
        flush();
        post({ type: 'reply', reqId: msg.reqId, ok: true, value: node!.status(msg.id) });
        return;
      case 'close':
        await node?.close();
        clearInterval(flushTimer);
        flush();
        post({ type: 'reply', reqId: msg.reqId, ok: true });
        port.close();
        return;
    }
    // Observations the change caused reach the parent before the reply does.
    flush();
    post({ type: 'reply', reqId: msg.reqId, ok: true });
  } catch (err) {
    post({ type: 'reply', reqId: msg.reqId, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
}

port.on('message', (msg: ParentToWorker) => void handle(msg));
start().then(
  () => {
    flush();
    post({ type: 'ready', cameras: node!.cameras.map((c) => ({ id: c.id, network: c.network })) });
  },
  (err: unknown) => post({ type: 'start-failed', message: err instanceof Error ? err.message : String(err) }),
);
