import type { FaultWindow } from './fault-windows.ts';

const unitsKbps: Record<string, number> = {
  bit: 0.001,
  bps: 0.001,
  k: 1,
  kbit: 1,
  kbps: 1,
  m: 1000,
  mbit: 1000,
  mbps: 1000,
};

/** The cap of a bandwidth fault in kbit/s, from `limitKbps`, `kbps` or a `limit` like '256kbit'. */
export function capKbps(window: FaultWindow): number | undefined {
  const p = window.params;
  for (const key of ['limitKbps', 'kbps', 'rateKbps', 'bitrateKbps']) {
    if (typeof p[key] === 'number') return p[key];
  }
  const limit = p['limit'];
  if (typeof limit === 'number') return limit;
  if (typeof limit !== 'string') return undefined;
  const m = /^\s*([\d.]+)\s*([a-z]*)\s*$/i.exec(limit);
  if (m === null) return undefined;
  const factor = unitsKbps[(m[2] ?? '').toLowerCase() || 'kbit'];
  return factor === undefined ? undefined : Number(m[1]) * factor;
}
