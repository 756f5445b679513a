import type { EventLoopUtilization } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CameraNetwork, CameraUser } from '../camera/camera.ts';
import type { ObservationLog } from '../observations/observation-log.ts';
import type { CameraPowerState } from '../observations/observation.ts';
import type { FaultExecutor, ResolvedFault } from '../faults/fault-request.ts';
import type { CameraStatus } from './fleet-node.ts';
import type { FleetPlan, PlannedCamera } from './fleet-plan.ts';
import type { FleetDefinition } from './fleet-schema.ts';
import type { FleetWorkerData, ParentToWorker, WorkerRequest, WorkerToParent } from './fleet-worker-protocol.ts';

// Workers run the TypeScript sources too: each registers tsx before loading its entry.
const tsxApi = new URL(
  'dist/esm/api/index.mjs',
  pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json')),
).href;
const entry = new URL('./fleet-worker.ts', import.meta.url).href;
const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;

export class WorkerFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerFailedError';
  }
}

type Pending = { resolve(v: CameraStatus | undefined): void; reject(e: Error): void };

class FleetWorker {
  private nextReqId = 1;
  private readonly pending = new Map<number, Pending>();
  exited = false;
  /** Set when the pool stops it; an exit before that is a crash worth one line. */
  stopping = false;

  constructor(
    readonly worker: Worker,
    readonly from: number,
    readonly to: number,
  ) {
    worker.on('exit', (code) => {
      this.exited = true;
      if (!this.stopping)
        console.error(
          `camlab fleet: worker for cameras ${from}..${to - 1} exited unexpectedly (code ${code}); its cameras are gone`,
        );
      for (const p of this.pending.values())
        p.reject(new WorkerFailedError(`fleet worker for cameras ${from}..${to - 1} exited (code ${code})`));
      this.pending.clear();
    });
  }

  request(msg: WorkerRequest): Promise<CameraStatus | undefined> {
    if (this.exited)
      return Promise.reject(new WorkerFailedError(`fleet worker for cameras ${this.from}..${this.to - 1} is gone`));
    const reqId = this.nextReqId++;
    return new Promise((resolve, reject) => {
      this.pending.set(reqId, { resolve, reject });
      this.worker.postMessage({ ...msg, reqId } as ParentToWorker);
    });
  }

  settle(msg: Extract<WorkerToParent, { type: 'reply' }>): void {
    const p = this.pending.get(msg.reqId);
    if (p === undefined) return;
    this.pending.delete(msg.reqId);
    if (msg.ok) p.resolve(msg.value);
    else p.reject(new WorkerFailedError(msg.message));
  }
}

/**
 * The parent's side of a sharded fleet: one worker thread per slice of cameras, each running
 * its own RTSP, ONVIF and discovery servers. Faults go to the workers owning their cameras;
 * observations come back in batches into the parent's log. Threads die with the parent process,
 * so a crashed parent leaves no workers behind.
 */
export class FleetWorkerPool implements FaultExecutor {
  private readonly owner = new Map<string, FleetWorker>();
  private readonly faultWorkers = new Map<string, FleetWorker[]>();
  private cameraListener: ((id: string, power: CameraPowerState, network: CameraNetwork) => void) | undefined;
  private closing: Promise<void> | undefined;
  /** Each camera's network once listening (port-0 cameras learn their ports here). */
  readonly readyNetworks = new Map<string, CameraNetwork>();

  private constructor(private readonly workers: FleetWorker[]) {}

  static async start(opts: {
    def: FleetDefinition;
    plan: FleetPlan;
    cameras: readonly PlannedCamera[];
    workers: number;
    discovery: boolean;
    interfaceAddress: string;
    log: ObservationLog;
  }): Promise<FleetWorkerPool> {
    const n = Math.max(1, Math.min(opts.workers, opts.cameras.length));
    const first = opts.cameras[0]?.index ?? 0;
    const workers: FleetWorker[] = [];
    const pool = new FleetWorkerPool(workers);
    const started: Promise<void>[] = [];
    for (let w = 0; w < n; w++) {
      const from = first + Math.floor((w * opts.cameras.length) / n);
      const to = first + Math.floor(((w + 1) * opts.cameras.length) / n);
      const data: FleetWorkerData = {
        def: opts.def,
        plan: opts.plan,
        from,
        to,
        discovery: opts.discovery,
        interfaceAddress: opts.interfaceAddress,
      };
      const fw = new FleetWorker(new Worker(bootstrap, { eval: true, workerData: data }), from, to);
      workers.push(fw);
      for (let i = from; i < to; i++) pool.owner.set(opts.plan.cameras[i]!.id, fw);
      started.push(
        new Promise<void>((resolve, reject) => {
          fw.worker.on('message', (msg: WorkerToParent) => {
            switch (msg.type) {
              case 'ready':
                for (const c of msg.cameras) pool.readyNetworks.set(c.id, c.network);
                resolve();
                break;
              case 'start-failed':
                reject(
                  new WorkerFailedError(`fleet worker for cameras ${from}..${to - 1} failed to start: ${msg.message}`),
                );
                break;
              case 'reply':
                fw.settle(msg);
                break;
              case 'observations':
                for (const o of msg.batch) opts.log.record(o);
                break;
              case 'camera':
                pool.cameraListener?.(msg.id, msg.power, msg.network);
                break;
            }
          });
          fw.worker.once('error', (err) => reject(err));
          fw.worker.once('exit', (code) =>
            reject(
              new WorkerFailedError(`fleet worker for cameras ${from}..${to - 1} exited during start (code ${code})`),
            ),
          );
        }),
      );
    }
    try {
      await Promise.all(started);
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Each live worker thread's cumulative event-loop utilisation, read from this thread (no message). */
  eventLoopUtilization(): EventLoopUtilization[] {
    return this.workers.filter((w) => !w.exited).map((w) => w.worker.performance.eventLoopUtilization());
  }

  onCamera(listener: (id: string, power: CameraPowerState, network: CameraNetwork) => void): void {
    this.cameraListener = listener;
  }

  async apply(fault: ResolvedFault): Promise<void> {
    const targets = [
      ...new Set(fault.cameras.map((id) => this.owner.get(id)).filter((w): w is FleetWorker => w !== undefined)),
    ];
    this.faultWorkers.set(fault.id, targets);
    await Promise.all(
      targets.map((w) =>
        w.request({
          type: 'apply',
          fault: { ...fault, cameras: fault.cameras.filter((id) => this.owner.get(id) === w) },
        }),
      ),
    );
  }

  async clear(id: string): Promise<void> {
    const targets = this.faultWorkers.get(id) ?? [];
    this.faultWorkers.delete(id);
    await Promise.all(targets.map((w) => w.request({ type: 'clear', id })));
  }

  async addUsers(cameraIds: string[], users: CameraUser[]): Promise<void> {
    await Promise.all(
      this.workers.map((w) =>
        w.request({ type: 'add-users', cameraIds: cameraIds.filter((id) => this.owner.get(id) === w), users }),
      ),
    );
  }

  async removeUsers(cameraIds: string[], usernames: string[]): Promise<void> {
    await Promise.all(
      this.workers.map((w) =>
        w.request({ type: 'remove-users', cameraIds: cameraIds.filter((id) => this.owner.get(id) === w), usernames }),
      ),
    );
  }

  status(id: string): Promise<CameraStatus | undefined> {
    const w = this.owner.get(id);
    return w === undefined ? Promise.resolve(undefined) : w.request({ type: 'status', id });
  }

  /** Asks each worker to close its servers, then ends the threads (at once if one does not answer). */
  close(): Promise<void> {
    this.closing ??= Promise.all(
      this.workers.map(async (w) => {
        w.stopping = true;
        if (!w.exited)
          await Promise.race([
            w.request({ type: 'close' }).catch(() => undefined),
            new Promise((r) => setTimeout(r, 5_000).unref()),
          ]);
        await w.worker.terminate();
      }),
    ).then(() => undefined);
    return this.closing;
  }
}
