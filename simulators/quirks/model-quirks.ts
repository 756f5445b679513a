import { z } from 'zod';
import { findQuirk, quirkIds } from './catalog.ts';

/** A model's quirks as parsed: quirk id -> its validated parameters (defaults filled in). */
export type ModelQuirks = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** One problem with a quirk's parameters, at a path relative to them. */
export interface QuirkParamIssue {
  path: PropertyKey[];
  message: string;
}

/** Validates a quirk's parameters with its schema: the parsed parameters, or the issues. */
export function parseQuirkParams(
  id: string,
  raw: unknown,
): { params: Record<string, unknown> } | { issues: QuirkParamIssue[] } {
  const quirk = findQuirk(id);
  if (quirk === undefined)
    return { issues: [{ path: [], message: `unknown quirk '${id}'; expected one of ${quirkIds().join(', ')}` }] };
  const parsed = quirk.schema.safeParse(raw ?? {});
  if (parsed.success) return { params: parsed.data as Record<string, unknown> };
  const known = quirk.schema instanceof z.ZodObject ? Object.keys(quirk.schema.shape) : [];
  return {
    issues: parsed.error.issues.flatMap((i) =>
      // Each unknown parameter gets its own issue at its own path, naming what the quirk takes.
      i.code === 'unrecognized_keys'
        ? i.keys.map((key) => ({
            path: [...i.path, key],
            message: `unknown parameter '${key}' of quirk '${id}'; ${known.length === 0 ? 'it takes none' : `expected ${known.join(', ')}`}`,
          }))
        : [{ path: i.path, message: i.message }],
    ),
  };
}

/**
 * The three quirks camera models carried as fields before the quirk library, still accepted:
 * each maps its value to a quirk and its parameters, or to nothing when it is off.
 */
const LEGACY_FIELDS: Readonly<Record<string, (value: unknown) => [id: string, params: unknown] | undefined>> = {
  clockSkewMs: (v) => (v === 0 ? undefined : ['clock-skew', { offset: v }]),
  streamUriQuery: (v) => (v === '' ? undefined : ['stream-uri-query', { query: v }]),
  noGetServices: (v) => (v === false ? undefined : ['get-capabilities-only', v === true ? {} : v]),
};

/**
 * A camera model's `quirks:` field: a map from quirk id to its parameters, `true` for the
 * defaults, `false` (or absent) for off. The legacy fields clockSkewMs, streamUriQuery and
 * noGetServices are read as their quirks. Parsing its own output gives the same output, so a
 * parsed model can be sent to a fleet worker and parsed there again.
 */
export const modelQuirksSchema = z.record(z.string(), z.unknown()).transform((raw, ctx): ModelQuirks => {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(raw)) {
    const legacy = LEGACY_FIELDS[key];
    let id = key;
    let params: unknown = value;
    if (legacy !== undefined) {
      const mapped = legacy(value);
      if (mapped === undefined) continue;
      [id, params] = mapped;
    } else if (value === false) {
      continue;
    } else if (value === true || value === null) {
      params = {};
    }
    const result = parseQuirkParams(id, params);
    if ('issues' in result) {
      for (const issue of result.issues)
        ctx.addIssue({ code: 'custom', path: [key, ...issue.path], message: issue.message });
      continue;
    }
    if (out[id] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [key], message: `quirk '${id}' is given twice (once as '${key}')` });
      continue;
    }
    out[id] = result.params;
  }
  return out;
});
