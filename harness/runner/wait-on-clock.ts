import type { Clock } from '../../simulators/clock/clock.ts';

/**
 * Resolves true once the clock reaches `dueMs`, or false as soon as `signal` aborts. Uses the
 * injected clock so a VirtualClock drives the whole timeline in tests.
 */
export function waitOnClock(clock: Clock, dueMs: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  const delayMs = dueMs - clock.now();
  if (delayMs <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      timer.cancel();
      resolve(false);
    };
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, delayMs);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Wall time on the run's clock of a scenario instant: the timeline compressed by `speed`. */
export function clockTimeOf(originMs: number, scenarioMs: number, speed: number, pausedMs: number): number {
  return originMs + Math.round(scenarioMs / speed) + pausedMs;
}
