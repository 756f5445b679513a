import type { SessionSpan } from './session-spans.ts';

function counterAt(span: SessionSpan, atMs: number, index: 1 | 2): number {
  let value = 0;
  for (const c of span.counters) {
    if (c[0] > atMs) break;
    value = c[index];
  }
  return value;
}

/** Frames per second the camera sent over the spans in [fromMs, toMs]. */
export function framesPerSecond(spans: readonly SessionSpan[], fromMs: number, toMs: number): number {
  const frames = spans.reduce((n, s) => n + counterAt(s, toMs, 1) - counterAt(s, fromMs, 1), 0);
  return frames / ((toMs - fromMs) / 1000);
}

/** Kilobits per second the camera sent over the spans in [fromMs, toMs]. */
export function kbitPerSecond(spans: readonly SessionSpan[], fromMs: number, toMs: number): number {
  const bytes = spans.reduce((n, s) => n + counterAt(s, toMs, 2) - counterAt(s, fromMs, 2), 0);
  return (bytes * 8) / 1000 / ((toMs - fromMs) / 1000);
}
