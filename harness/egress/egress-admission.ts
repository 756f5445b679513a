/**
 * Bounds how many restreams a thread is opening at once. Opening thousands at the same instant
 * (connect, DESCRIBE with a Digest round trip, SETUP, PLAY) swamps the hub and this thread
 * alike until requests time out and retry in step, and nothing ever opens; a few dozen at a time
 * open them all in seconds. A slot is held until the restream's first frame, the read's end,
 * or `holdMs` (a restream that opens but sends nothing must not block the others).
 */
export class EgressAdmission {
  private opening = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    readonly maxOpening: number,
    private readonly holdMs = 10_000,
  ) {}

  /** A slot now if one is free (the read starts without a turn of the event loop), else undefined. */
  tryAcquire(): (() => void) | undefined {
    if (this.opening >= this.maxOpening) return undefined;
    this.opening++;
    return this.holder();
  }

  /** Waits for a slot; the returned release is idempotent. Resolves undefined if `signal` aborts first. */
  async acquire(signal: AbortSignal): Promise<(() => void) | undefined> {
    const now = this.tryAcquire();
    if (now !== undefined) return now;
    const granted = await new Promise<boolean>((resolve) => {
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      };
      const onAbort = (): void => {
        const i = this.queue.indexOf(grant);
        if (i >= 0) this.queue.splice(i, 1);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(grant);
    });
    return granted ? this.holder() : undefined;
  }

  /** The release of a slot just taken. */
  private holder(): () => void {
    let held = true;
    const timer = setTimeout(() => release(), this.holdMs);
    const release = (): void => {
      if (!held) return;
      held = false;
      clearTimeout(timer);
      // The slot passes straight to the next waiter, or frees up.
      const next = this.queue.shift();
      if (next !== undefined) next();
      else this.opening--;
    };
    return release;
  }
}
