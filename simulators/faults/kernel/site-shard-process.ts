import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Inventory } from '../../fleet/inventory.ts';

/** What `camlab sim` sends its parent over IPC once its inventory file is written. */
export const SIM_READY_MESSAGE = 'camlab-sim-ready';

export class SiteShardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SiteShardError';
  }
}

export interface SiteShardOptions {
  /** The namespace to run in (`ip netns exec`). */
  netns: string;
  /** harness/cli/bin.js: the camlab bin, passed in so simulators never import the harness. */
  cliEntry: string;
  /** `camlab sim` arguments; must include `--inventory FILE` (read once the shard is ready). */
  simArgs: readonly string[];
  inventoryFile: string;
  env?: NodeJS.ProcessEnv;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
}

/**
 * `camlab sim` for one site, run inside the site's namespace by `ip netns exec NAME node bin.js
 * sim ...` (which execs node, so the PID is the simulator's). Ready when it says so over IPC;
 * the IPC channel is also its dead-man's switch: when this process dies, the shard stops.
 */
export class SiteShardProcess {
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly pid: number,
    readonly inventory: Inventory,
    private readonly exit: { code?: number | null; done: Promise<void> },
    private readonly stopTimeoutMs: number,
  ) {}

  static async start(opts: SiteShardOptions): Promise<SiteShardProcess> {
    const argv = ['netns', 'exec', opts.netns, process.execPath, opts.cliEntry, 'sim', ...opts.simArgs];
    // Its own process group: a Ctrl-C at the terminal reaches the parent, which stops it once.
    const child = spawn('ip', argv, {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: opts.env ?? process.env,
      detached: true,
    });
    const exit: { code?: number | null; done: Promise<void> } = { done: Promise.resolve() };
    exit.done = new Promise<void>((resolve) =>
      child.once('exit', (code) => {
        exit.code = code;
        resolve();
      }),
    );
    const what = `site shard in ${opts.netns} ('ip ${argv.join(' ')}')`;
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new SiteShardError(`${what} not ready within ${opts.startTimeoutMs ?? 60_000} ms`)),
          opts.startTimeoutMs ?? 60_000,
        );
        child.once('error', (err) => {
          clearTimeout(timer);
          reject(new SiteShardError(`${what} did not start: ${err.message}`));
        });
        child.on('message', (msg: unknown) => {
          if ((msg as { type?: string } | null)?.type !== SIM_READY_MESSAGE) return;
          clearTimeout(timer);
          resolve();
        });
        void exit.done.then(() => {
          clearTimeout(timer);
          reject(new SiteShardError(`${what} exited with code ${exit.code} before it was ready`));
        });
      });
      const inventory = JSON.parse(await readFile(opts.inventoryFile, 'utf8')) as Inventory;
      return new SiteShardProcess(child, child.pid!, inventory, exit, opts.stopTimeoutMs ?? 10_000);
    } catch (err) {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null)
        process.kill(child.pid, 'SIGKILL');
      await exit.done;
      throw err;
    }
  }

  /** The exit code once it has exited (130 after a clean stop; null when killed), undefined while it runs. */
  get code(): number | null | undefined {
    return this.exit.code;
  }

  /** Interrupts it by PID (a clean stop), kills it if it has not exited within the deadline. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.exit.code !== undefined) return;
      process.kill(this.pid, 'SIGINT');
      const late = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), this.stopTimeoutMs).unref());
      if ((await Promise.race([this.exit.done, late])) === 'late') {
        process.kill(this.pid, 'SIGKILL');
        await this.exit.done;
      }
      if (this.child.connected) this.child.disconnect();
    })();
    return this.stopping;
  }
}
