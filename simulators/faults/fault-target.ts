import { z } from 'zod';
import { shareSchema } from './quantities.ts';
import { seededRandom } from './seeded-random.ts';

/**
 * What a fault acts on: one camera, a list, a site, a model, or the fleet; a site, model or the
 * fleet may be narrowed to a seeded share ('25%'). Site and model together select both. The
 * same vocabulary as a scenario's `target`.
 */
export const faultTargetSchema = z
  .object({
    camera: z.string().min(1).optional(),
    cameras: z.array(z.string().min(1)).min(1).optional(),
    site: z.string().min(1).optional(),
    model: z.string().min(1).optional(),
    fleet: z.literal(true).optional(),
    share: shareSchema.optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    const explicit = (t.camera !== undefined ? 1 : 0) + (t.cameras !== undefined ? 1 : 0);
    const grouped = t.site !== undefined || t.model !== undefined || t.fleet !== undefined;
    if (explicit === 0 && !grouped)
      ctx.addIssue({ code: 'custom', message: 'expected one of camera, cameras, site, model or fleet: true' });
    if (explicit > 1 || (explicit === 1 && grouped))
      ctx.addIssue({
        code: 'custom',
        message:
          'camera and cameras name devices directly; they cannot be combined with each other or with site, model or fleet',
      });
    if (t.fleet !== undefined && (t.site !== undefined || t.model !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['fleet'],
        message: 'fleet: true selects every camera; drop site/model, or drop fleet',
      });
    if (t.share !== undefined && explicit > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['share'],
        message: 'share applies to a site, a model or the fleet, not to named cameras',
      });
  });
export type FaultTarget = z.output<typeof faultTargetSchema>;
export type FaultTargetInput = z.input<typeof faultTargetSchema>;

export interface TargetableCamera {
  id: string;
  site: string;
  model: string;
  /** A site recorder answers to its id (camera, cameras) only: site, model and fleet select cameras. */
  device?: 'camera' | 'recorder';
}

/** A target naming something the fleet does not have; `path` is the offending field. */
export class TargetError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

function listOf(values: readonly string[], max = 8): string {
  const shown = values.slice(0, max).map((v) => `'${v}'`);
  return values.length > max ? `${shown.join(', ')} and ${values.length - max} more` : shown.join(', ');
}

/** Camera ids in fleet order. A share picks round(share x n) (at least one) with a PRNG seeded by `seed`. */
export function resolveTarget(target: FaultTarget, devices: readonly TargetableCamera[], seed: number): string[] {
  if (target.camera !== undefined || target.cameras !== undefined) {
    const ids = target.camera !== undefined ? [target.camera] : target.cameras!;
    const known = new Set(devices.map((c) => c.id));
    ids.forEach((id, i) => {
      if (!known.has(id))
        throw new TargetError(
          target.camera !== undefined ? 'target.camera' : `target.cameras[${i}]`,
          `unknown camera '${id}'; the fleet has ${listOf(devices.map((c) => c.id))}`,
        );
    });
    return [...new Set(ids)];
  }
  const cameras = devices.filter((c) => c.device !== 'recorder');
  if (target.site !== undefined && !cameras.some((c) => c.site === target.site)) {
    throw new TargetError(
      'target.site',
      `unknown site '${target.site}'; expected one of ${listOf([...new Set(cameras.map((c) => c.site))])}`,
    );
  }
  if (target.model !== undefined && !cameras.some((c) => c.model === target.model)) {
    throw new TargetError(
      'target.model',
      `no camera of model '${target.model}'; the fleet has ${listOf([...new Set(cameras.map((c) => c.model))])}`,
    );
  }
  const matching = cameras.filter(
    (c) =>
      (target.site === undefined || c.site === target.site) && (target.model === undefined || c.model === target.model),
  );
  if (matching.length === 0)
    throw new TargetError('target', `no camera is both on site '${target.site}' and of model '${target.model}'`);
  if (target.share === undefined) return matching.map((c) => c.id);
  const count = Math.max(1, Math.round(target.share * matching.length));
  // Partial Fisher-Yates: the first `count` of a seeded shuffle, then back in fleet order.
  const order = matching.map((_, i) => i);
  const random = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((i) => matching[i]!.id);
}
