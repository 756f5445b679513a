/** Largest duration accepted anywhere (a day): PullMessages timeouts and terminations stay sane. */
export const XS_DURATION_MAX_MS = 86_400_000;

const DURATION_RE = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses an xs:duration (years and months as 365 and 30 days); undefined when it is not one. Pure. */
export function parseXsDurationMs(text: string): number | undefined {
  const m = DURATION_RE.exec(text.trim());
  if (m === null || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const [, neg, y, mo, d, h, mi, s] = m;
  const ms =
    ((Number(y ?? 0) * 365 + Number(mo ?? 0) * 30 + Number(d ?? 0)) * 86_400 +
      Number(h ?? 0) * 3600 +
      Number(mi ?? 0) * 60 +
      Number(s ?? 0)) *
    1000;
  return neg === '-' ? -ms : Math.round(ms);
}

export function formatXsDurationMs(ms: number): string {
  return `PT${Math.round(ms) / 1000}S`;
}
