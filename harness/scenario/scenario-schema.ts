import { z } from 'zod';
import { durationSchema, speedSchema } from './duration.ts';
import { selectorSchema } from './selector.ts';

const instanceName = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, "expected a hub instance name: lower-case letters, digits and dashes, such as 'council'");

/** An operator PTZ command sent through the hub adapter; the same shapes as the adapter's PtzCommand. */
export const ptzActionSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('continuous'),
      pan: z.number().min(-1).max(1).default(0),
      tilt: z.number().min(-1).max(1).default(0),
      zoom: z.number().min(-1).max(1).default(0),
      timeout: durationSchema.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('stop') }).strict(),
  z
    .object({
      kind: z.literal('goto-preset'),
      preset: z.union([z.string().min(1), z.number().int().min(0).transform(String)]),
    })
    .strict(),
  z
    .object({
      kind: z.literal('absolute'),
      pan: z.number().min(-1).max(1),
      tilt: z.number().min(-1).max(1),
      zoom: z.number().min(0).max(1),
    })
    .strict(),
]);
export type PtzAction = z.output<typeof ptzActionSchema>;

export const handoverSchema = z
  .object({
    site: z.string().min(1),
    from: instanceName,
    to: instanceName,
    /** The site's cameras move to new addresses (a new network at the receiving control room). */
    readdress: z.boolean().default(false),
    /** The new network for a readdress (default: a free 127.30+.0.0 block of the site's size). */
    addressBlock: z.string().optional(),
    /** The releasing hub's credentials stop working on the site's cameras. */
    credentials: z.boolean().default(false),
  })
  .strict();
export type HandoverAction = z.output<typeof handoverSchema>;

/**
 * Conditions the timeline can wait for, judged from the camera side so they work with any hub:
 * - streaming: every targeted camera has a playing RTSP session of the hub instance's user
 * - released: no targeted camera has an open session of that user
 * - up: every targeted camera is powered up
 */
export const waitForSchema = z
  .object({
    condition: z.enum(['streaming', 'released', 'up']),
    hub: instanceName.optional(),
    target: selectorSchema.optional(),
    timeout: durationSchema,
  })
  .strict();
export type WaitForAction = z.output<typeof waitForSchema>;

/**
 * One timeline entry. Exactly one action key (fault, ptz, handover, wait-for, mark) plus timing.
 * A fault's own parameters sit inline beside it (`mode: power`, `limit: 256kbit`), so unknown
 * keys are kept here and judged against the fault kind's schema by checkScenario.
 */
export const timelineEntrySchema = z
  .object({
    at: durationSchema.default(0),
    every: durationSchema.optional(),
    until: durationSchema.optional(),
    for: durationSchema.optional(),
    fault: z.string().min(1).optional(),
    target: selectorSchema.optional(),
    hub: instanceName.optional(),
    ptz: z.union([z.enum(['stop']).transform(() => ({ kind: 'stop' as const })), ptzActionSchema]).optional(),
    handover: handoverSchema.optional(),
    'wait-for': waitForSchema.optional(),
    mark: z.string().min(1).optional(),
  })
  .catchall(z.unknown())
  .superRefine((e, ctx) => {
    const actions = (['fault', 'ptz', 'handover', 'wait-for', 'mark'] as const).filter((k) => e[k] !== undefined);
    if (actions.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          actions.length === 0
            ? 'expected one action: fault, ptz, handover, wait-for or mark'
            : `expected one action per entry, got ${actions.join(' and ')}`,
      });
      return;
    }
    const action = actions[0]!;
    if (e.every !== undefined && (action === 'handover' || action === 'wait-for')) {
      ctx.addIssue({
        code: 'custom',
        path: ['every'],
        message: `${action} happens once; 'every' applies to fault, ptz and mark`,
      });
    }
    if (e.every !== undefined && e.every <= 0)
      ctx.addIssue({ code: 'custom', path: ['every'], message: 'expected a period above 0' });
    if (e.until !== undefined && e.every === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['until'],
        message: "'until' ends an 'every' repetition; add 'every' or drop 'until'",
      });
    if (e.until !== undefined && e.until < e.at)
      ctx.addIssue({ code: 'custom', path: ['until'], message: `'until' (${e.until} ms) is before 'at' (${e.at} ms)` });
    if (e.for !== undefined && action !== 'fault')
      ctx.addIssue({ code: 'custom', path: ['for'], message: "'for' is how long a fault lasts; use it with fault" });
    if (e.for !== undefined && e.every !== undefined && e.for >= e.every) {
      ctx.addIssue({
        code: 'custom',
        path: ['for'],
        message: `a repeated fault must clear before it recurs: 'for' (${e.for} ms) must be below 'every' (${e.every} ms)`,
      });
    }
    if (e.target !== undefined && (action === 'handover' || action === 'mark' || action === 'wait-for')) {
      ctx.addIssue({
        code: 'custom',
        path: ['target'],
        message: `${action} takes no target here${action === 'wait-for' ? '; put target inside wait-for' : ''}`,
      });
    }
    if (e.hub !== undefined && action !== 'ptz')
      ctx.addIssue({
        code: 'custom',
        path: ['hub'],
        message: "'hub' picks the instance a ptz action goes through; use it with ptz",
      });
    if ((action === 'fault' || action === 'ptz') && e.target === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['target'],
        message: `a ${action} action needs target: {camera|cameras|site|model|fleet}`,
      });
    }
  });
export type TimelineEntry = z.output<typeof timelineEntrySchema>;

/** A requirement to judge, by id, optionally with tightened parameters (`reconnect_within: 10s`). */
export const expectationSchema = z.union([
  z
    .string()
    .min(1)
    .transform((id) => ({ id, overrides: {} as Record<string, unknown> })),
  z
    .object({ id: z.string().min(1) })
    .catchall(z.union([z.number(), z.string()]))
    .transform(({ id, ...overrides }) => ({ id, overrides: overrides as Record<string, unknown> })),
]);
export type Expectation = z.output<typeof expectationSchema>;

/**
 * The scenario file. The fleet is inline (checked against the fleet schema by the loader) or a
 * path relative to the scenario file. Either one `hub` (an adapter name or a file) or named
 * `hubs` instances for runs with several control rooms, such as a site handover.
 */
export const scenarioSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a name of letters, digits, dots, dashes and underscores'),
    description: z.string().optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(1),
    fleet: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
    hub: z.string().min(1).optional(),
    hubs: z.record(instanceName, z.string().min(1)).optional(),
    speed: speedSchema.default(1),
    duration: durationSchema.optional(),
    timeline: z.array(timelineEntrySchema).default([]),
    expect: z.array(expectationSchema).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.hub !== undefined && s.hubs !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['hubs'],
        message: "use either 'hub' (one hub) or 'hubs' (named instances), not both",
      });
    if (s.hubs !== undefined && Object.keys(s.hubs).length === 0)
      ctx.addIssue({ code: 'custom', path: ['hubs'], message: 'expected at least one hub instance' });
  });
export type Scenario = z.output<typeof scenarioSchema>;
