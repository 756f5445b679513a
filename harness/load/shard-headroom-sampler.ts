import type { HeadroomReading } from '../../simulators/api/process-headroom.ts';
import type { ShardClient } from '../runner/shards/shard-client.ts';
import { HeadroomDeltaError, headroomBetween, type ProcessCounters } from './headroom-delta.ts';

type Reading = Promise<{ reading: HeadroomReading } | { error: string }>;

/** One shard over one stage: its counters, or why they are unknown. */
export interface ShardStageCounters {
  shard: number;
  /** `shard I/N at URL`, as the stage's reasons name it. */
  name: string;
  /** The shard's machine, as it reported it (its URL's host when it never answered). */
  host: string;
  counters?: ProcessCounters;
  unmeasured?: string;
}

/**
 * The shards' side of `camlab load --shards`'s headroom: at every stage boundary it asks every
 * shard for its cumulative counters (GET /api/headroom, in parallel, never waiting), and a stage's
 * counters are the difference between the readings at its start and its end. One reading serves
 * the end of a stage and the start of the next. Mirrors HeadroomSampler's startStage/endStage.
 */
export class ShardHeadroomSampler {
  private readonly starts = new Map<number, Reading[]>();
  private readonly ends = new Map<number, Reading[]>();
  private current: number | undefined;

  constructor(private readonly clients: readonly ShardClient[]) {}

  private read(): Reading[] {
    return this.clients.map((c) =>
      c.headroom().then(
        (reading) => ({ reading }),
        (err: unknown) => ({ error: (err as Error).message }),
      ),
    );
  }

  /** Stage `index` starts now; the one before it (if any) ends. */
  startStage(index: number): void {
    const now = this.read();
    if (this.current !== undefined) this.ends.set(this.current, now);
    this.starts.set(index, now);
    this.current = index;
  }

  /** The current stage ends now (idempotent). */
  endStage(): void {
    if (this.current === undefined) return;
    this.ends.set(this.current, this.read());
    this.current = undefined;
  }

  /** Each shard's counters over stage `index`, once its readings have come; undefined for a stage never started or not ended. */
  async stage(index: number): Promise<ShardStageCounters[] | undefined> {
    const from = this.starts.get(index);
    const to = this.ends.get(index);
    if (from === undefined || to === undefined) return undefined;
    const [a, b] = await Promise.all([Promise.all(from), Promise.all(to)]);
    return this.clients.map((client, shard) => {
      const name = `shard ${shard}/${this.clients.length} at ${client.url}`;
      const x = a[shard]!;
      const y = b[shard]!;
      const host = 'reading' in y ? y.reading.host : 'reading' in x ? x.reading.host : new URL(client.url).hostname;
      if ('error' in x || 'error' in y)
        return {
          shard,
          name,
          host,
          unmeasured: `its headroom could not be read (${'error' in x ? x.error : (y as { error: string }).error})`,
        };
      try {
        return { shard, name, host, counters: headroomBetween(x.reading, y.reading) };
      } catch (err) {
        if (!(err instanceof HeadroomDeltaError)) throw err;
        return { shard, name, host, unmeasured: err.message };
      }
    });
  }
}
