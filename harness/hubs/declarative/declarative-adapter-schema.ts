import { z } from 'zod';
import { alarmKinds, type AlarmKind } from '../../../simulators/observations/observation.ts';
import { egressProtocols, type EgressProtocol } from '../../egress/egress-reader.ts';
import type { Capability } from '../hub-adapter.ts';
import { JsonPathError, parseJsonPath } from './json-path.ts';
import { jsonTemplateIssues, parseTemplate } from './template.ts';

/**
 * The declarative hub adapter file: how camlab starts a hub, provisions cameras, hears its
 * alarms, reads its restreams, lists its recordings and sends PTZ — as data, so a vendor describes their hub without TypeScript. Every
 * section is optional; the adapter's capabilities are the sections present. Strict: an unknown
 * key is an error with its line. See scenarios/adapters/*.yaml for examples.
 */

function refineTemplate(value: string, ctx: z.RefinementCtx): void {
  try {
    parseTemplate(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
}

const template = z.string().superRefine(refineTemplate);

const jsonPath = z.string().superRefine((value, ctx) => {
  try {
    parseJsonPath(value);
  } catch (err) {
    if (!(err instanceof JsonPathError)) throw err;
    ctx.addIssue({ code: 'custom', message: err.message });
  }
});

/** A constant, or (when it starts with '$') a JSON path into the payload. */
const valueOrPath = z.string().superRefine((value, ctx) => {
  if (!value.startsWith('$')) return;
  try {
    parseJsonPath(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});

const savedName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a name of letters, digits and _');

/** One templated HTTP request. */
export const httpCallSchema = z
  .object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
    url: template,
    headers: z.record(z.string(), template).optional(),
    basicAuth: z.object({ username: template, password: template }).strict().optional(),
    /** A raw text body (templated). */
    body: template.optional(),
    /** A JSON body; every string inside is a template. */
    json: z
      .unknown()
      .superRefine((value, ctx) => {
        for (const issue of jsonTemplateIssues(value))
          ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      })
      .optional(),
    /** Statuses that count as success (default: any 2xx). */
    expectStatus: z.array(z.number().int().min(100).max(599)).min(1).optional(),
    timeoutMs: z.number().int().positive().max(600_000).default(5_000),
    /** Values to keep from the response for later templates: 'body' (the text) or a JSON path. */
    save: z.record(savedName, z.union([z.literal('body'), jsonPath])).optional(),
  })
  .strict()
  .refine((c) => c.body === undefined || c.json === undefined, {
    message: "give either 'body' or 'json', not both",
    path: ['json'],
  });
export type HttpCall = z.output<typeof httpCallSchema>;

const callList = z.array(httpCallSchema).min(1);

/**
 * One call or a list of calls, made in order. Dispatched by shape rather than z.union, whose
 * error would name only the section and lose the line of the bad field.
 */
const calls = z.unknown().transform((value, ctx): HttpCall[] => {
  const result = Array.isArray(value) ? callList.safeParse(value) : httpCallSchema.safeParse(value);
  if (result.success) return Array.isArray(result.data) ? result.data : [result.data];
  for (const issue of result.error.issues) {
    // Unknown keys are reported on their object; keep naming the key itself.
    const path =
      issue.code === 'unrecognized_keys' && issue.keys.length > 0 ? [...issue.path, issue.keys[0]!] : issue.path;
    ctx.addIssue({ code: 'custom', path: path as (string | number)[], message: issue.message });
  }
  return z.NEVER;
});

const cameraBy = z.enum(['id', 'name', 'address', 'rtsp']).default('id');

const stateMapping = z
  .object({
    path: jsonPath,
    raised: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1),
    cleared: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1),
  })
  .strict();

const alarmKind = z.enum(alarmKinds as [AlarmKind, ...AlarmKind[]]);

/**
 * What the hub's alarms mean, from camlab's closed set (offline, video-loss, tamper, motion,
 * other): one kind for every alarm of this source, or a map from the hub's alarm names to kinds
 * (a name the map does not list is 'other'). Checks judge kinds, never names; only an alarm
 * named exactly 'offline' may leave it out.
 */
const kindMapping = z.union([alarmKind, z.record(z.string().min(1), alarmKind)]);
export type AlarmKindMapping = z.output<typeof kindMapping>;

const alarmFields = {
  /** JSON path to the camera reference in the payload. */
  camera: jsonPath,
  /** Which inventory field that reference is: the camera id (default), name, address or an RTSP URL. */
  cameraBy,
  /** The hub's alarm name, constant or a JSON path (default 'offline'), kept for reports. */
  alarm: valueOrPath.default('offline'),
  kind: kindMapping.optional(),
};

/** Without `kind`, only the constant name 'offline' says what the alarm is. */
function requireKind(source: { alarm: string; kind?: AlarmKindMapping }, ctx: z.RefinementCtx): void {
  if (source.kind === undefined && source.alarm !== 'offline') {
    ctx.addIssue({
      code: 'custom',
      path: ['kind'],
      message: `expected 'kind' (one of ${alarmKinds.join(', ')}, or a map from the hub's alarm names to kinds) for alarm '${source.alarm}'`,
    });
  }
}

const webhookSchema = z
  .object({
    /** Where camlab listens for this hub's calls (default 127.0.0.1, any free port). */
    listen: z
      .object({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65_535).default(0) })
      .strict()
      .optional(),
    /** The base URL the hub should call when it cannot use the listen address (another machine, NAT), e.g. http://10.0.0.5:8099. */
    advertise: z.url({ protocol: /^https?$/ }).optional(),
    /** Path under the instance's hook URL, e.g. /alarms; templates get it as {{webhook.url}}. */
    path: z.string().startsWith('/').default('/'),
    /** JSON path to an array of events when one call carries several. */
    events: jsonPath.optional(),
    ...alarmFields,
    state: z.union([z.enum(['raised', 'cleared']), stateMapping]),
  })
  .strict()
  .superRefine(requireKind);

const pollSchema = z
  .object({
    request: httpCallSchema,
    intervalMs: z.number().int().min(100).default(1_000),
    /** JSON path to the list (array, or object whose keys are cameras: use camera: $key). */
    items: jsonPath.default('$'),
    ...alarmFields,
    /** Per item raised/cleared mapping, or ... */
    state: stateMapping.optional(),
    /** ... presence: 'online' = a listed camera is fine, a provisioned one missing is in alarm; 'alarm' = listed means in alarm. */
    presence: z.enum(['online', 'alarm']).optional(),
    /**
     * With presence: a JSON path that must hold a value (not null) for a listed item to count,
     * for hubs that list a stream someone merely waits for (node-media-server: $.publisher).
     */
    presentWhen: jsonPath.optional(),
    /**
     * With presence 'online': how long after provisioning a camera may be missing before that
     * counts as an alarm, so a hub still connecting is not reported offline. Once seen, a
     * camera's absence counts at once.
     */
    graceMs: z.number().int().min(0).default(10_000),
  })
  .strict()
  .refine((p) => (p.state === undefined) !== (p.presence === undefined), {
    message: "give exactly one of 'state' or 'presence'",
    path: ['state'],
  })
  .refine((p) => p.presentWhen === undefined || p.presence !== undefined, {
    message: "'presentWhen' qualifies 'presence': give presence too",
    path: ['presentWhen'],
  })
  .superRefine(requireKind);

const logRuleSchema = z
  .object({
    /** A regular expression over one output line, with a named group 'camera' (and optionally 'alarm'). */
    pattern: z.string().superRefine((value, ctx) => {
      try {
        new RegExp(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `not a regular expression: ${(err as Error).message}` });
        return;
      }
      if (!value.includes('(?<camera>')) {
        ctx.addIssue({ code: 'custom', message: 'expected a named group (?<camera>...) for the camera reference' });
      }
    }),
    cameraBy,
    alarm: z.string().default('offline'),
    kind: kindMapping.optional(),
    state: z.enum(['raised', 'cleared']),
  })
  .strict()
  .superRefine((rule, ctx) =>
    requireKind(
      {
        alarm: rule.pattern.includes('(?<alarm>') ? '(?<alarm>)' : rule.alarm,
        ...(rule.kind !== undefined ? { kind: rule.kind } : {}),
      },
      ctx,
    ),
  );

const alarmsSchema = z
  .object({
    webhook: webhookSchema.optional(),
    poll: pollSchema.optional(),
    log: z.array(logRuleSchema).min(1).optional(),
  })
  .strict()
  .refine((a) => a.webhook !== undefined || a.poll !== undefined || a.log !== undefined, {
    message: 'give at least one of webhook, poll or log',
  });

const startSchema = z
  .object({
    /** The program and its arguments (each a template over vars, hub, webhook and env). */
    command: z.array(template).min(1),
    /** Working directory, relative to the adapter file (default: the adapter's work directory). */
    cwd: z.string().optional(),
    env: z.record(z.string(), template).optional(),
    ready: z
      .object({
        /** Polled until it answers with any status below 500 (an API behind auth answers 401 when up). */
        url: template.optional(),
        /** A regular expression over stdout/stderr lines; its named groups become {{vars.NAME}}. */
        log: z
          .string()
          .superRefine((value, ctx) => {
            try {
              new RegExp(value);
            } catch (err) {
              ctx.addIssue({ code: 'custom', message: `not a regular expression: ${(err as Error).message}` });
            }
          })
          .optional(),
        timeoutMs: z.number().int().positive().default(30_000),
      })
      .strict()
      .refine((r) => r.url !== undefined || r.log !== undefined, {
        message: "give 'url' or 'log' (or both) to know when the hub is ready",
      }),
    stopTimeoutMs: z.number().int().positive().default(5_000),
  })
  .strict();

/** The URL schemes each egress protocol is read over. */
const egressSchemes: Record<EgressProtocol, readonly string[]> = {
  rtsp: ['rtsp:'],
  'http-flv': ['http:', 'https:'],
  hls: ['http:', 'https:'],
};

const egressSchema = z
  .object({
    /** How camlab reads the restream: its own RTSP, HTTP-FLV or HLS reader. */
    protocol: z.enum(egressProtocols),
    /** The restream of one camera (a template over camera, saved, vars, hub); RTSP credentials go in the URL. */
    url: template,
    /** One hub.egress observation per camera per interval, with zero frames when none arrived. */
    intervalMs: z.number().int().min(100).max(60_000).default(1_000),
    /** Pause before reading a restream again after it ended or failed. */
    retryMs: z.number().int().min(50).max(60_000).default(500),
    /**
     * Worker threads reading the restreams, the cameras spread over them: 0 reads on the main
     * thread (enough for tens of cameras), 'auto' one per core.
     */
    workers: z
      .union([z.literal('auto'), z.number().int().min(0).max(64)], {
        error: "expected a number of worker threads (0 to 64) or 'auto'",
      })
      .default(0),
  })
  .strict()
  .superRefine((e, ctx) => {
    // A URL that starts with a literal scheme must be one the protocol's reader speaks.
    const scheme = /^([a-z][a-z0-9+.-]*:)\/\//i.exec(e.url)?.[1]?.toLowerCase();
    if (scheme !== undefined && !egressSchemes[e.protocol].includes(scheme)) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: `a ${e.protocol} restream is read from ${egressSchemes[e.protocol].map((s) => `${s}//`).join(' or ')} URLs, not ${scheme}//`,
      });
    }
  });

const recordingsSchema = z
  .object({
    /** The listing call. With perCamera it is made once per provisioned camera ({{camera.*}} in templates). */
    request: httpCallSchema,
    perCamera: z.boolean().default(false),
    /** JSON path to the list of recordings (an array, or an object whose keys are cameras: camera: $key). */
    items: jsonPath.default('$'),
    /** JSON path to each recording's camera; with perCamera it defaults to the camera called for. */
    camera: jsonPath.optional(),
    cameraBy,
    start: jsonPath,
    end: jsonPath,
    /** How start and end are written: ISO 8601 text, or numbers of ms or s since the epoch (the hub's wall clock). */
    timeFormat: z.enum(['iso', 'epoch-ms', 'epoch-s']).default('iso'),
    /** JSON path to a URL the recording downloads from: camlab fetches its start, and a recording that does not download is not counted. */
    download: jsonPath.optional(),
    /**
     * How the downloaded recording is written, for camlab to read it whole, picture by picture, and
     * report the frames it holds by SEI capture time (hub.recording.frames: capability
     * recording-frames). Needs `download`.
     */
    frames: z.enum(['mpegts']).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.frames !== undefined && r.download === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['frames'],
        message: "'frames' reads the downloaded recordings: give 'download' (a JSON path to each recording's URL)",
      });
    if (!r.perCamera && r.camera === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['camera'],
        message: "give 'camera' (a JSON path to each recording's camera), or list per camera with perCamera: true",
      });
  });

const identitySchema = z
  .object({
    name: z.string().min(1),
    vendor: z.string().optional(),
    version: z.string().optional(),
    /** Ask the hub: each field a JSON path into the answer; the static values are fallbacks. */
    fetch: z
      .object({
        request: httpCallSchema,
        name: jsonPath.optional(),
        vendor: jsonPath.optional(),
        version: jsonPath.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const declarativeAdapterSchema = z
  .object({
    /** Names the adapter in reports: kind is 'declarative:NAME'. */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected letters, digits, ., _ or -'),
    description: z.string().optional(),
    /** Constants for templates ({{vars.base}}); the ready log's named groups add to them. */
    vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    identity: identitySchema,
    start: startSchema.optional(),
    /** Calls made once the hub is ready (log in, register the webhook); saved values join vars. */
    setup: calls.optional(),
    /** Calls made before stopping. */
    teardown: calls.optional(),
    provision: z
      .object({
        request: calls,
        profile: z.enum(['main', 'sub']).default('main'),
        concurrency: z.number().int().min(1).max(256).default(8),
      })
      .strict()
      .optional(),
    release: z
      .object({ request: calls, concurrency: z.number().int().min(1).max(256).default(8) })
      .strict()
      .optional(),
    alarms: alarmsSchema.optional(),
    /** The hub's restream of each provisioned camera, read by camlab (hub.egress). */
    egress: egressSchema.optional(),
    /** What the hub recorded, listed once before judging (hub.recording). */
    recordings: recordingsSchema.optional(),
    ptz: z
      .object({
        continuous: calls.optional(),
        stop: calls.optional(),
        'goto-preset': calls.optional(),
        absolute: calls.optional(),
      })
      .strict()
      .refine((p) => Object.values(p).some((c) => c !== undefined), {
        message: 'give at least one of continuous, stop, goto-preset or absolute',
      })
      .optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.alarms?.log !== undefined && a.start === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['alarms', 'log'],
        message: "log alarms read the output of the hub camlab starts: add a 'start' section",
      });
    }
    if (a.egress !== undefined && a.provision === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['egress'],
        message: "'egress' without 'provision': camlab reads the restreams of the cameras it provisioned",
      });
    }
    if (a.release !== undefined && a.provision === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['release'],
        message: "'release' without 'provision': camlab can only release what it provisioned",
      });
    }
  });

export type DeclarativeAdapterSpec = z.output<typeof declarativeAdapterSchema>;
export type AlarmWebhookSpec = z.output<typeof webhookSchema>;
export type AlarmPollSpec = z.output<typeof pollSchema>;
export type AlarmLogRule = z.output<typeof logRuleSchema>;
export type RecordingsSpec = z.output<typeof recordingsSchema>;

/** The kind of a hub alarm named `name` under a source's mapping. */
export function alarmKindOf(mapping: AlarmKindMapping | undefined, name: string): AlarmKind {
  if (mapping === undefined) return name === 'offline' ? 'offline' : 'other';
  if (typeof mapping === 'string') return mapping;
  return mapping[name] ?? 'other';
}

/** The capabilities an adapter file declares: exactly the sections it has. */
export function declaredCapabilities(spec: DeclarativeAdapterSpec): Set<Capability> {
  const caps = new Set<Capability>();
  if (spec.start !== undefined) caps.add('start');
  if (spec.provision !== undefined) caps.add('provision');
  if (spec.alarms !== undefined) caps.add('alarms');
  if (spec.egress !== undefined) caps.add('egress');
  if (spec.recordings !== undefined) caps.add('recordings');
  if (spec.recordings?.frames !== undefined) caps.add('recording-frames');
  if (spec.ptz !== undefined) caps.add('ptz');
  return caps;
}
