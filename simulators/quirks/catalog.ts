import type { Quirk } from './quirk.ts';
import { clockSkew } from './kinds/clock-skew.ts';
import { getCapabilitiesOnly } from './kinds/get-capabilities-only.ts';
import { streamUriQuery } from './kinds/stream-uri-query.ts';
import { unauthorizedAsHttp401 } from './kinds/unauthorized-as-http-401.ts';

/**
 * Every quirk camlab ships, one import line each: model files, personalities, scenarios and
 * `camlab quirks` accept exactly these. Listed in the order `camlab quirks` prints them.
 */
export const QUIRKS: readonly Quirk[] = [
  clockSkew,
  streamUriQuery,
  getCapabilitiesOnly,
  unauthorizedAsHttp401,
];

const byId = new Map<string, Quirk>();
for (const q of QUIRKS) {
  if (byId.has(q.id)) throw new Error(`quirk '${q.id}' is registered twice`);
  byId.set(q.id, q);
}

export function findQuirk(id: string): Quirk | undefined {
  return byId.get(id);
}

export function quirkIds(): string[] {
  return QUIRKS.map((q) => q.id);
}
