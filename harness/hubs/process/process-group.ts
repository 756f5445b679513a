import type { ChildProcess } from 'node:child_process';

/**
 * Helpers for a hub started `detached`: it leads its own process group, whose id is its PID, so
 * one signal reaches the hub and everything it spawned (relays, hook shells).
 */

export function groupRunning(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group has already gone.
  }
}

/**
 * SIGTERM to the group, SIGKILL once the hub exited or `graceMs` passed: whatever it spawned may
 * outlive it by a moment, and a hub ignoring SIGTERM goes now. Resolves after `exited` settles.
 */
export async function stopGroup(child: ChildProcess, exited: Promise<unknown>, graceMs: number): Promise<void> {
  if (groupRunning(child)) {
    signalGroup(child, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([exited, grace]);
    clearTimeout(timer);
  }
  signalGroup(child, 'SIGKILL');
  await exited;
}
