import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { HubProcess } from '../hub-process.ts';
import { processAlive } from '../process-alive.ts';

describe('HubProcess', () => {
  it('stops the hub and everything it spawned by process group, once', async () => {
    // A hub that starts a child of its own and reports its PID, as NMS does with its ffmpeg relays.
    const hub = new HubProcess('sh', '/bin/sh', ['-c', 'sleep 300 & echo $! >&2; wait'], { cwd: tmpdir() });
    await expect.poll(() => hub.stderrTail(), { timeout: 5_000 }).toMatch(/^\d+$/);
    const grandchild = Number(hub.stderrTail());
    expect(processAlive(grandchild)).toBe(true);
    expect(hub.running).toBe(true);
    const first = hub.stop();
    expect(hub.stop()).toBe(first);
    await first;
    expect(hub.running).toBe(false);
    await expect.poll(() => processAlive(grandchild), { timeout: 5_000 }).toBe(false);
  });

  it('kills a hub that ignores SIGTERM after the deadline', async () => {
    const hub = new HubProcess('stubborn', '/bin/sh', ['-c', "trap '' TERM; echo up >&2; while :; do sleep 1; done"], {
      cwd: tmpdir(),
      stopTimeoutMs: 300,
    });
    await expect.poll(() => hub.stderrTail(), { timeout: 5_000 }).toBe('up');
    await hub.stop();
    expect(hub.running).toBe(false);
  });

  it('reports a binary that does not exist instead of throwing', async () => {
    const hub = new HubProcess('missing', '/nonexistent/hub', [], { cwd: tmpdir() });
    await hub.exited();
    expect(hub.stderrTail()).toContain('ENOENT');
    await hub.stop();
  });
});
