import { spawn, type ChildProcess } from 'node:child_process';
import { groupRunning, signalGroup, stopGroup } from './process-group.ts';

export interface HubProcessOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Open an IPC channel to the child (for hosts written in Node). */
  ipc?: boolean;
  /** How long stop() waits after SIGTERM before SIGKILL. */
  stopTimeoutMs?: number;
}

/**
 * A hub running as a child process in its own process group, so stop() ends it and everything it
 * spawned (node-media-server's ffmpeg relays, Motion's hook shells) by one id: the group's, which
 * is the child's PID. Keeps the tail of stderr for error messages.
 */
export class HubProcess {
  readonly child: ChildProcess;
  private tail = '';
  private stopping: Promise<void> | undefined;
  /** Settles when the child has exited, or failed to start at all (a missing binary). */
  private readonly done: Promise<void>;

  constructor(
    readonly label: string,
    command: string,
    args: readonly string[],
    private readonly options: HubProcessOptions,
  ) {
    this.child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe', ...(options.ipc === true ? (['ipc'] as const) : [])],
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.tail = (this.tail + chunk).slice(-2000);
    });
    this.done = new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      // A spawn error (missing binary) comes without 'exit'; keep its message for the report.
      this.child.once('error', (err) => {
        this.tail = `${this.tail}\n${err.message}`.trim();
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return groupRunning(this.child);
  }

  get stopped(): boolean {
    return this.stopping !== undefined;
  }

  /** The last lines the process wrote to stderr. */
  stderrTail(): string {
    return this.tail.trim();
  }

  /** Resolves once the child has exited or could not start; never rejects. */
  exited(): Promise<void> {
    return this.done;
  }

  signal(signal: NodeJS.Signals): void {
    signalGroup(this.child, signal);
  }

  /** SIGTERM to the group, SIGKILL after the deadline. Idempotent: one shared promise. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    await stopGroup(this.child, this.done, this.options.stopTimeoutMs ?? 5_000);
    this.child.stderr?.destroy();
    if (this.child.connected) this.child.disconnect();
  }
}
