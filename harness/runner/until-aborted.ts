/**
 * Waits for `work` unless `signal` aborts first: a Ctrl-C must not wait for an adapter call
 * that hangs (a hub that never answers its provisioning API). The abandoned call is left to the
 * adapter's close(), which every run makes.
 */
export async function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal,
): Promise<{ done: true; value: T } | { done: false }> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return { done: false };
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<{ done: false }>((resolve) => {
    onAbort = () => resolve({ done: false });
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work.then((value) => ({ done: true as const, value })), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
    // A call abandoned on abort may still fail later; that failure is expected, not unhandled.
    work.catch(() => undefined);
  }
}
