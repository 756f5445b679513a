import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EgressProtocol } from './egress-reader.ts';
import type { EgressCounts } from './egress-tally.ts';
import { mergeTallies, type EgressTallyBatch } from './egress-tally-batch.ts';
import type { EgressWorkerData, EgressWorkerToMain, MainToEgressWorker } from './egress-worker-protocol.ts';

// Workers run the TypeScript sources too: each registers tsx before loading its entry.
const tsxApi = new URL(
  'dist/esm/api/index.mjs',
  pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json')),
).href;
const entry = new URL('./egress-worker.ts', import.meta.url).href;
const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;

/** How long a closing worker may take to tear its sessions down before it is terminated. */
const closeGraceMs = 12_000;

/** Egress workers by default: one per core the process may use. */
export function defaultEgressWorkers(): number {
  return availableParallelism();
}

export interface EgressReaderPoolOptions {
  protocol: EgressProtocol;
  workers: number;
  retryMs: number;
  /** Restreams each worker opens at once. */
  maxOpening: number;
  /** The run clock minus Date.now() (0 on the wall clock). */
  clockOffsetMs: () => number;
  /** A hub.log line from a worker (a restream's new kind of failure, a worker gone). */
  onProblem: (message: string) => void;
  /** See EgressWorkerData.readModule (tests). */
  readModule?: string;
}

type Settle = (batch: EgressTallyBatch | undefined) => void;

class EgressWorker {
  readonly cameras = new Set<string>();
  private nextReqId = 1;
  private readonly pending = new Map<number, Settle>();
  exited = false;
  stopping = false;
  readonly exit: Promise<void>;

  constructor(
    readonly index: number,
    readonly worker: Worker,
    onProblem: (message: string) => void,
  ) {
    worker.on('message', (msg: EgressWorkerToMain) => {
      if (msg.type === 'problem') onProblem(msg.message);
      else this.settle(msg.reqId, msg.batch);
    });
    worker.on('error', (err) => onProblem(`egress worker ${index} failed: ${err.message}`));
    this.exit = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.exited = true;
        if (!this.stopping)
          onProblem(
            `egress worker ${index} exited (code ${code}); its ${this.cameras.size} cameras are no longer read`,
          );
        for (const settle of this.pending.values()) settle(undefined);
        this.pending.clear();
        resolve();
      }),
    );
  }

  post(msg: MainToEgressWorker): void {
    if (!this.exited) this.worker.postMessage(msg);
  }

  /** A 'take' or 'unwatch'; undefined when the worker is gone. */
  request(
    msg: { type: 'take'; clockOffsetMs: number } | { type: 'unwatch'; cameras: string[] },
  ): Promise<EgressTallyBatch | undefined> {
    if (this.exited) return Promise.resolve(undefined);
    const reqId = this.nextReqId++;
    return new Promise((resolve) => {
      this.pending.set(reqId, resolve);
      this.worker.postMessage({ ...msg, reqId } satisfies MainToEgressWorker);
    });
  }

  private settle(reqId: number, batch: EgressTallyBatch): void {
    const settle = this.pending.get(reqId);
    this.pending.delete(reqId);
    settle?.(batch);
  }
}

/**
 * The main thread's side of sharded egress reading: each watched camera's reader and tally live
 * in one of K worker threads (the one with the fewest cameras), and each interval the main thread
 * asks every worker for one batch of counts and merges them in the order the cameras were
 * watched, so the observations are those the single-thread watcher would record.
 */
export class EgressReaderPool {
  private readonly workers: EgressWorker[] = [];
  /** Watched cameras in watch order, with the worker reading each. */
  private readonly owner = new Map<string, EgressWorker>();
  private closing: Promise<void> | undefined;

  constructor(private readonly options: EgressReaderPoolOptions) {
    const n = Math.max(1, Math.floor(options.workers));
    for (let i = 0; i < n; i++) {
      const data: EgressWorkerData = {
        protocol: options.protocol,
        retryMs: options.retryMs,
        maxOpening: options.maxOpening,
        clockOffsetMs: options.clockOffsetMs(),
        ...(options.readModule !== undefined ? { readModule: options.readModule } : {}),
      };
      this.workers.push(
        new EgressWorker(i, new Worker(bootstrap, { eval: true, workerData: data }), options.onProblem),
      );
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Worker threads still running. */
  get live(): number {
    return this.workers.filter((w) => !w.exited).length;
  }

  /** Workers close() had to terminate: they had not let go of their sessions within the grace period. */
  terminated = 0;

  /** Cameras per worker (index order). */
  get shares(): number[] {
    return this.workers.map((w) => w.cameras.size);
  }

  watch(camera: string, url: string): void {
    if (this.closing !== undefined || this.owner.has(camera)) return;
    const worker = this.workers.reduce((a, b) => (b.cameras.size < a.cameras.size ? b : a));
    worker.cameras.add(camera);
    this.owner.set(camera, worker);
    worker.post({ type: 'watch', camera, url });
  }

  /** The cameras read, in watch order. */
  get watched(): string[] {
    return [...this.owner.keys()];
  }

  has(camera: string): boolean {
    return this.owner.has(camera);
  }

  /** Every watched camera's counts of this interval, in watch order (those of a dead worker left out). */
  async take(): Promise<[string, EgressCounts][]> {
    const order = this.watched;
    const clockOffsetMs = this.options.clockOffsetMs();
    const batches = await Promise.all(this.workers.map((w) => w.request({ type: 'take', clockOffsetMs })));
    return mergeTallies(
      order,
      batches.filter((b) => b !== undefined),
    );
  }

  /** Stops reading the cameras; resolves with their last (partial) interval's counts. */
  async unwatch(cameras: readonly string[]): Promise<[string, EgressCounts][]> {
    const order = cameras.filter((id) => this.owner.has(id));
    const byWorker = new Map<EgressWorker, string[]>();
    for (const id of order) {
      const w = this.owner.get(id)!;
      this.owner.delete(id);
      w.cameras.delete(id);
      byWorker.set(w, [...(byWorker.get(w) ?? []), id]);
    }
    const batches = await Promise.all([...byWorker].map(([w, ids]) => w.request({ type: 'unwatch', cameras: ids })));
    return mergeTallies(
      order,
      batches.filter((b) => b !== undefined),
    );
  }

  /**
   * Stops every reader and ends every worker thread: each worker tears its sessions down and
   * exits on its own; one that has not within the grace period is terminated. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= Promise.all(
      this.workers.map(async (w) => {
        w.stopping = true;
        w.post({ type: 'close' });
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, closeGraceMs);
        });
        await Promise.race([w.exit, grace]);
        clearTimeout(timer);
        if (w.exited) return;
        this.terminated++;
        await w.worker.terminate();
      }),
    ).then(() => undefined);
    return this.closing;
  }
}
