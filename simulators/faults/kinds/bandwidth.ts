import { z } from 'zod';
import type { RtspTransport } from '../../observations/observation.ts';
import { FRAME_DROP, FRAME_SEND, type FaultHooks } from '../fault.ts';
import { defineFaultKind } from '../fault-kind.ts';
import { durationMsSchema, rateKbpsSchema } from '../quantities.ts';

const schema = z
  .object({
    /** The cap: '256kbit', '2mbit' or kbit/s. With shared: true it defaults to the site's bandwidthKbps. */
    limit: rateKbpsSchema.optional(),
    /** One bucket for all targeted cameras of a site (its uplink) instead of one per camera. */
    shared: z.boolean().default(false),
    /** Idle credit: this much time's worth of bytes may go at once (a token bucket's depth). */
    burst: durationMsSchema.default(100),
    /** TCP: frames wait at most this long for the link (the send buffer); later ones are dropped. */
    maxDelay: durationMsSchema.default(2_000),
  })
  .strict();

/**
 * A token bucket kept as the instant the link is next free (virtual finish time). A frame
 * starts at max(freeAt, now - burst); on TCP it waits for that start (real backpressure in
 * the session's queue) unless the wait exceeds maxDelay; on UDP a frame that cannot start
 * at once is lost, as on a full router queue.
 */
export class TokenBucketLink implements FaultHooks {
  private freeAtMs = Number.NEGATIVE_INFINITY;
  framesDroppedTotal = 0;

  constructor(
    readonly rateKbps: number,
    private readonly burstMs: number,
    private readonly maxDelayMs: number,
  ) {}

  onFrame(_sessionKey: string, frameBytes: number, transport: RtspTransport, nowMs: number): number {
    const startMs = Math.max(this.freeAtMs, nowMs - this.burstMs);
    const waitMs = startMs - nowMs;
    if (waitMs > (transport === 'udp' ? 0 : this.maxDelayMs)) {
      this.framesDroppedTotal++;
      return FRAME_DROP;
    }
    // kbit/s is bits per millisecond.
    this.freeAtMs = startMs + (frameBytes * 8) / this.rateKbps;
    return waitMs > 0 ? waitMs : FRAME_SEND;
  }
}

export const bandwidthFault = defineFaultKind({
  kind: 'bandwidth',
  summary: 'cap a camera uplink or a shared site uplink (token bucket: TCP waits then drops, UDP loses)',
  schema: schema.superRefine((cfg, ctx) => {
    if (cfg.limit === undefined && !cfg.shared)
      ctx.addIssue({
        code: 'custom',
        path: ['limit'],
        message: "expected a rate such as '256kbit' (required unless shared: true uses the site budget)",
      });
  }),
  check(cfg, targets) {
    if (!cfg.shared || cfg.limit !== undefined) return [];
    const unbudgeted = [...new Set(targets.cameras.map((c) => c.site))].filter(
      (s) => targets.sites.get(s)?.bandwidthKbps === undefined,
    );
    return unbudgeted.length === 0
      ? []
      : [
          {
            path: ['limit'],
            message: `site ${unbudgeted.join(', ')} declares no bandwidthKbps; give a limit such as '2mbit'`,
          },
        ];
  },
  create(cfg, ctx) {
    const links = new Map<string, TokenBucketLink>();
    const linkFor = (key: string, rateKbps: number): TokenBucketLink => {
      let link = links.get(key);
      if (link === undefined) {
        link = new TokenBucketLink(rateKbps, cfg.burst, cfg.maxDelay);
        links.set(key, link);
      }
      return link;
    };
    return {
      hooksFor: (camera) => {
        if (!cfg.shared) return linkFor(camera.id, cfg.limit!);
        const site = ctx.sites.get(camera.site);
        const siteRateKbps = cfg.limit ?? site?.bandwidthKbps;
        if (siteRateKbps === undefined)
          throw new RangeError(`site '${camera.site}' declares no bandwidthKbps; give the bandwidth fault a limit`);
        // A site spread over several worker processes shares its budget in proportion to the cameras each serves.
        const local = ctx.cameras.filter((c) => c.site === camera.site).length;
        const total = ctx.targetCountBySite.get(camera.site) ?? local;
        return linkFor(`site:${camera.site}`, (siteRateKbps * local) / total);
      },
      close: () => links.clear(),
    };
  },
});
