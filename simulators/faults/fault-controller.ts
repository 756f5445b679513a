import type { Clock, TimerHandle } from '../clock/clock.ts';
import type { ObservationLog } from '../observations/observation-log.ts';
import { HttpError, issuePath, zodIssues, type HttpIssue } from '../api/http-error.ts';
import type { FaultSite, FaultTargets } from './fault-kind.ts';
import type { FaultRegistry } from './fault-registry.ts';
import { faultRequestSchema, type FaultExecutor, type FaultInfo, type ResolvedFault } from './fault-request.ts';
import { resolveTarget, TargetError } from './fault-target.ts';
import { mixSeed } from './seeded-random.ts';

/** A camera as fault targeting sees it (from the inventory, so it works across shards). */
export interface FaultCameraRef {
  id: string;
  site: string;
  model: string;
  /** Position in its site, 0-based. */
  siteIndex: number;
  /** A site recorder is targeted by its id only, never by site, model or fleet. Default camera. */
  device?: 'camera' | 'recorder';
  /** The camera's model declares edge storage. */
  edgeStorage?: boolean;
}

interface Entry {
  info: FaultInfo;
  timer?: TimerHandle;
}

/**
 * The fleet's fault book: validates a request (kind, params, target) before anything happens,
 * resolves the target to cameras, hands the fault to the executor, records `fault.applied` and
 * `fault.cleared`, and clears `for`-limited faults on the clock. Operations run one at a time so
 * a clear never overtakes the apply it undoes.
 */
export class FaultController {
  private readonly entries = new Map<string, Entry>();
  private sequence = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly opts: {
      registry: FaultRegistry;
      executor: FaultExecutor;
      clock: Clock;
      log: ObservationLog;
      seed: number;
      cameras(): readonly FaultCameraRef[];
      sites(): ReadonlyMap<string, FaultSite>;
      /** Whether this process's fleet serves a camera (a shard resolves over the whole fleet, then keeps its own). */
      serves?(cameraId: string): boolean;
    },
  ) {}

  /** Validates and resolves a request; throws HttpError(400) naming every bad field. Applies nothing. */
  resolve(input: unknown): { fault: ResolvedFault; info: Omit<FaultInfo, 'appliedAtMs'>; forMs?: number } {
    const parsed = faultRequestSchema.safeParse(input);
    if (!parsed.success) {
      throw new HttpError(400, 'invalid fault request', zodIssues(parsed.error.issues));
    }
    const req = parsed.data;
    const kind = this.opts.registry.get(req.kind);
    if (kind === undefined) {
      throw new HttpError(400, 'invalid fault request', [
        {
          path: 'kind',
          message: `unknown fault kind '${req.kind}'; expected one of ${this.opts.registry.kinds().join(', ')}`,
        },
      ]);
    }
    const params = kind.schema.safeParse(req.params);
    const issues: HttpIssue[] = params.success ? [] : zodIssues(params.error.issues, ['params']);
    const number = this.sequence + 1;
    const seed = req.seed ?? mixSeed(this.opts.seed, number);
    let cameraIds: string[] = [];
    try {
      cameraIds = resolveTarget(req.target, this.opts.cameras(), seed);
    } catch (err) {
      if (!(err instanceof TargetError)) throw err;
      issues.push({ path: err.path, message: err.message });
    }
    if (issues.length === 0 && kind.check !== undefined) {
      const chosen = new Set(cameraIds);
      const targets: FaultTargets = {
        cameras: this.opts.cameras().filter((c) => chosen.has(c.id)),
        sites: this.opts.sites(),
      };
      for (const i of kind.check(params.data, targets))
        issues.push({ path: issuePath(['params', ...i.path]), message: i.message });
    }
    if (issues.length > 0 || !params.success) throw new HttpError(400, 'invalid fault request', issues);
    const bySite: Record<string, number> = {};
    const siteOf = new Map(this.opts.cameras().map((c) => [c.id, c.site]));
    for (const id of cameraIds) {
      const site = siteOf.get(id)!;
      bySite[site] = (bySite[site] ?? 0) + 1;
    }
    const id = `fault-${number}`;
    // Shares are drawn over the whole fleet so every shard agrees; each applies its own part.
    const serves = this.opts.serves;
    if (serves !== undefined) cameraIds = cameraIds.filter((c) => serves(c));
    return {
      fault: { id, kind: req.kind, params: req.params, cameras: cameraIds, seed, targetCountBySite: bySite },
      info: {
        id,
        kind: req.kind,
        target: req.target,
        params: params.data as Record<string, unknown>,
        cameras: cameraIds,
      },
      forMs: req.for,
    };
  }

  /** Validates, then applies; resolves once every targeted camera has the fault. */
  async apply(input: unknown): Promise<{ id: string }> {
    if (this.closed) throw new HttpError(503, 'the fleet is shutting down');
    const { fault, info, forMs } = this.resolve(input);
    this.sequence++;
    await this.serialised(async () => {
      await this.opts.executor.apply(fault);
      const appliedAtMs = this.opts.clock.now();
      const entry: Entry = {
        info: { ...info, appliedAtMs, clearsAtMs: forMs === undefined ? undefined : appliedAtMs + forMs },
      };
      if (forMs !== undefined) {
        entry.timer = this.opts.clock.setTimeout(() => {
          entry.timer = undefined;
          this.clear(fault.id).catch(() => undefined);
        }, forMs);
      }
      this.entries.set(fault.id, entry);
      this.opts.log.record({
        kind: 'fault.applied',
        atMs: appliedAtMs,
        faultId: fault.id,
        fault: fault.kind,
        cameras: info.cameras,
        params: info.params,
      });
    });
    return { id: fault.id };
  }

  async clear(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (entry === undefined) throw new HttpError(404, `no active fault '${id}'`);
    this.entries.delete(id);
    entry.timer?.cancel();
    await this.serialised(async () => {
      await this.opts.executor.clear(id);
      this.opts.log.record({
        kind: 'fault.cleared',
        atMs: this.opts.clock.now(),
        faultId: id,
        fault: entry.info.kind,
        cameras: entry.info.cameras,
        params: entry.info.params,
      });
    });
  }

  list(): FaultInfo[] {
    return [...this.entries.values()].map((e) => e.info);
  }

  /** Active faults on one camera, for GET /api/cameras/:id. */
  forCamera(cameraId: string): FaultInfo[] {
    return this.list().filter((f) => f.cameras.includes(cameraId));
  }

  /** Stops the auto-clear timers; the faults end with the cameras they act on. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const e of this.entries.values()) e.timer?.cancel();
  }

  private serialised<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
