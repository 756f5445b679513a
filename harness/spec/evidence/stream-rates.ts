import type { SessionSpan } from './session-spans.ts';

function counterAt(span: SessionSpan, atMs: number, field: 'framesSent' | 'bytesSent'): number {
  return span.counters.valueAt(field, atMs);
}

/** Frames per second the camera sent over the spans in [fromMs, toMs]. */
export function framesPerSecond(spans: readonly SessionSpan[], fromMs: number, toMs: number): number {
  const frames = spans.reduce((n, s) => n + counterAt(s, toMs, 'framesSent') - counterAt(s, fromMs, 'framesSent'), 0);
  return frames / ((toMs - fromMs) / 1000);
}

/** Kilobits per second the camera sent over the spans in [fromMs, toMs]. */
export function kbitPerSecond(spans: readonly SessionSpan[], fromMs: number, toMs: number): number {
  const bytes = spans.reduce((n, s) => n + counterAt(s, toMs, 'bytesSent') - counterAt(s, fromMs, 'bytesSent'), 0);
  return (bytes * 8) / 1000 / ((toMs - fromMs) / 1000);
}
