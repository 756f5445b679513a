import { z } from 'zod';
import type { HeadroomReading } from '../../../simulators/api/process-headroom.ts';
import type { Inventory } from '../../../simulators/fleet/inventory.ts';
import type { Observation, ObservationKind } from '../../../simulators/observations/observation.ts';

/**
 * What a shard's control API (simulators/api/control-api.ts) answers, checked at the edge: a
 * shard of another camlab version, or something else listening on its port, is refused with the
 * field and what was expected rather than judged on.
 */
const urlsSchema = z.object({ main: z.string().min(1), sub: z.string().min(1) }).strict();
const portSchema = z.number().int().min(0).max(65_535);

const inventoryCameraSchema = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    site: z.string().min(1),
    location: z.string().optional(),
    model: z.string().min(1),
    manufacturer: z.string(),
    address: z.string().min(1),
    rtspPort: portSchema,
    onvifPort: portSchema,
    rtsp: urlsSchema,
    onvif: z.string().min(1),
    snapshot: z.string().min(1),
    ptz: z.boolean(),
    username: z.string(),
    password: z.string(),
    shard: z.number().int().min(0),
  })
  .strict();

const inventoryRecorderSchema = z
  .object({
    id: z.string().min(1),
    site: z.string().min(1),
    address: z.string().min(1),
    rtspPort: portSchema,
    onvifPort: portSchema,
    onvif: z.string().min(1),
    channels: z.array(z.string()),
    username: z.string(),
    password: z.string(),
    shard: z.number().int().min(0),
  })
  .strict();

/** GET /api/inventory of one shard. */
export const shardInventorySchema = z
  .object({
    generatedAt: z.iso.datetime(),
    api: z.string().optional(),
    shard: z
      .object({ index: z.number().int().min(0), count: z.number().int().min(1) })
      .strict()
      .optional(),
    sites: z.array(
      z
        .object({
          name: z.string().min(1),
          addressBlock: z.string(),
          controlRoom: z.string().optional(),
          bandwidthKbps: z.number().optional(),
          cameras: z.number().int().min(0),
          api: z.string().optional(),
        })
        .strict(),
    ),
    cameras: z.array(inventoryCameraSchema),
    recorders: z.array(inventoryRecorderSchema).optional(),
  })
  .strict() satisfies z.ZodType<Inventory>;

/** POST /api/faults → 201. */
export const faultAppliedSchema = z.object({ id: z.string().min(1) }).strict();

/** The kinds a fleet records (the camera side); hub.*, mark and probe.result come from the runner, never a shard. */
export const shardObservationKinds = [
  'rtsp.request',
  'rtsp.session.open',
  'rtsp.session.play',
  'rtsp.session.close',
  'rtsp.session.stats',
  'connection',
  'onvif.request',
  'onvif.notify',
  'discovery.probe',
  'discovery.hello',
  'discovery.bye',
  'camera.state',
  'ptz.command',
  'device.event',
  'fault.applied',
  'fault.cleared',
  'recorder.tracks',
  'recording.control',
] as const satisfies readonly ObservationKind[];

/** A fault observation's members the merge reads (the rest passes through). */
const faultObservationSchema = z.looseObject({
  kind: z.enum(['fault.applied', 'fault.cleared']),
  atMs: z.number().int().nonnegative(),
  faultId: z.string().min(1),
  fault: z.string().min(1),
  cameras: z.array(z.string()),
  params: z.record(z.string(), z.unknown()),
});

/**
 * One observation of a shard's stream: its envelope (kind, time, camera) is checked here, and a
 * fault's members, which the merge reads; the members of other kinds are the shard's own record,
 * passed on as it sent them.
 */
export const shardObservationSchema = z
  .looseObject({
    kind: z.enum(shardObservationKinds),
    atMs: z.number().int().nonnegative(),
    camera: z.string().min(1).optional(),
  })
  .superRefine((o, ctx) => {
    if (o.kind !== 'fault.applied' && o.kind !== 'fault.cleared') return;
    const fault = faultObservationSchema.safeParse(o);
    if (!fault.success) for (const issue of fault.error.issues) ctx.addIssue({ ...issue, code: 'custom' });
  })
  .transform((o) => o as unknown as Observation);

/** The control API's error body: `{ error, issues: [{ path, message }] }`. */
export const apiErrorSchema = z.looseObject({
  error: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

const loopTimeSchema = z.object({ idleMs: z.number().nonnegative(), activeMs: z.number().nonnegative() }).strict();

/** GET /api/headroom: the shard process's cumulative counters (simulators/api/process-headroom.ts). */
export const shardHeadroomSchema = z
  .object({
    host: z.string(),
    pid: z.number().int().positive(),
    shard: z
      .object({ index: z.number().int().min(0), count: z.number().int().min(1) })
      .strict()
      .optional(),
    uptimeMs: z.number().nonnegative(),
    coresAvailable: z.number().int().min(1),
    cpuMicros: z.object({ user: z.number().nonnegative(), system: z.number().nonnegative() }).strict(),
    mainThread: loopTimeSchema,
    workers: z.array(loopTimeSchema),
    loopDelay: z
      .object({
        resolutionMs: z.number().positive(),
        boundsMs: z.array(z.number().positive()).min(1),
        counts: z.array(z.number().int().nonnegative()),
      })
      .strict()
      .refine((d) => d.counts.length === d.boundsMs.length + 1, {
        message: 'expected one count per bound and one beyond the last',
        path: ['counts'],
      })
      .refine((d) => d.boundsMs.every((b, i) => i === 0 || b > d.boundsMs[i - 1]!), {
        message: 'expected rising bounds',
        path: ['boundsMs'],
      }),
  })
  .strict() satisfies z.ZodType<HeadroomReading>;
