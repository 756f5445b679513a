import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { groupRunning, stopGroup } from '../process/process-group.ts';

/** Lines of output kept for error messages. */
const tailLines = 40;
/** Pause between readiness probes of a URL. */
const readyPollMs = 100;
/** How long after the process exits its output may still be drained. */
const exitDrainMs = 500;

export class HubStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HubStartError';
  }
}

export type LineListener = (line: string, stream: 'stdout' | 'stderr') => void;

/**
 * A hub started from an adapter file's `start.command`: its own process group (so stop() ends
 * the hub and whatever it spawned, by the group id = its PID), every stdout/stderr line handed
 * to listeners (readiness and log-line alarms read them). harness/hubs/process/hub-process.ts
 * discards stdout, which log-line alarms need, hence this class.
 */
export class HubCommand {
  private readonly child: ChildProcess;
  private readonly listeners = new Set<LineListener>();
  private readonly tail: string[] = [];
  private stopping: Promise<void> | undefined;
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>;

  private readonly stopTimeoutMs: number;

  constructor(
    readonly argv: readonly string[],
    opts: { cwd: string; env: NodeJS.ProcessEnv; stopTimeoutMs: number },
  ) {
    this.stopTimeoutMs = opts.stopTimeoutMs;
    this.child = spawn(argv[0]!, argv.slice(1), {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exit = new Promise((resolve) => {
      // 'close' comes once the output pipes are drained too, so the last lines (often the
      // reason it died) are in the tail; a grandchild holding the pipes must not delay it long.
      let drain: NodeJS.Timeout | undefined;
      this.child.once('close', (code, signal) => {
        clearTimeout(drain);
        resolve({ code, signal });
      });
      this.child.once('exit', (code, signal) => {
        drain = setTimeout(() => resolve({ code, signal }), exitDrainMs);
      });
      this.child.once('error', (error) => resolve({ code: null, signal: null, error }));
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      const readable = this.child[stream];
      if (readable === null) continue;
      createInterface({ input: readable, crlfDelay: Infinity }).on('line', (line) => this.ingest(line, stream));
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return groupRunning(this.child);
  }

  /** Every output line from now on; returns the unsubscribe function. */
  onLine(listener: LineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private ingest(line: string, stream: 'stdout' | 'stderr'): void {
    this.tail.push(line);
    if (this.tail.length > tailLines) this.tail.shift();
    for (const l of this.listeners) l(line, stream);
  }

  /** The last lines the hub printed, for error messages. */
  outputTail(): string {
    return this.tail.join('\n');
  }

  /** Resolves when the process ends (or failed to start), with how. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }> {
    return this.exit;
  }

  /**
   * Waits until the hub is ready: a line matching `log` (its named groups are returned) and/or
   * `url` answering with a status below 500. Fails when the process exits first or the deadline passes.
   */
  async waitReady(
    ready: { url?: string; log?: string; timeoutMs: number },
    signal?: AbortSignal,
  ): Promise<Record<string, string>> {
    const done = new AbortController();
    const abort = signal === undefined ? done.signal : AbortSignal.any([signal, done.signal]);
    const lastOutput = () => (this.tail.length > 0 ? `; last output:\n${this.outputTail()}` : '');
    let timer: NodeJS.Timeout | undefined;
    const failure = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const waitingFor = [ready.log !== undefined ? `a line matching /${ready.log}/` : '', ready.url ?? '']
          .filter(Boolean)
          .join(' and ');
        reject(
          new HubStartError(`hub not ready within ${ready.timeoutMs} ms (waiting for ${waitingFor})${lastOutput()}`),
        );
      }, ready.timeoutMs);
      void this.exit.then((e) =>
        reject(
          new HubStartError(
            `hub command '${this.argv.join(' ')}' ${e.error !== undefined ? `could not start: ${e.error.message}` : `exited (code ${e.code}, signal ${e.signal}) before it was ready`}${lastOutput()}`,
          ),
        ),
      );
      signal?.addEventListener('abort', () => reject(new HubStartError('start aborted')), { once: true });
    });
    failure.catch(() => undefined);
    try {
      const vars =
        ready.log !== undefined ? await Promise.race([this.waitForLine(new RegExp(ready.log), abort), failure]) : {};
      if (ready.url !== undefined) await Promise.race([this.pollUrl(ready.url, abort), failure]);
      return vars;
    } finally {
      clearTimeout(timer);
      done.abort();
    }
  }

  private waitForLine(re: RegExp, abort: AbortSignal): Promise<Record<string, string>> {
    return new Promise((resolve) => {
      const off = this.onLine((line) => {
        const m = re.exec(line);
        if (m === null) return;
        off();
        resolve({ ...m.groups });
      });
      abort.addEventListener('abort', off, { once: true });
    });
  }

  private async pollUrl(url: string, abort: AbortSignal): Promise<void> {
    while (!abort.aborted) {
      try {
        const res = await fetch(url, { signal: abort });
        await res.body?.cancel();
        // Any answer below 500 means the server is up: an API behind auth answers 401 when ready.
        if (res.status < 500) return;
      } catch {
        // Not listening yet.
      }
      await delay(readyPollMs, undefined, { signal: abort }).catch(() => undefined);
    }
  }

  /** SIGTERM to the process group, SIGKILL after the deadline. Idempotent: one shared promise. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    await stopGroup(this.child, this.exit, this.stopTimeoutMs);
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }
}
