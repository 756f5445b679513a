import { expect } from 'vitest';

/**
 * Asserts the process holds the same active resources (sockets, timers, handles) as before
 * setup. Closing is asynchronous, so it gives the event loop a bounded number of turns first;
 * it uses no timer of its own, which would show up in the list.
 */
export async function expectResourcesReleased(before: readonly string[], maxTurns = 500): Promise<void> {
  const sorted = [...before].sort();
  for (let turn = 0; turn < maxTurns; turn++) {
    const now = process.getActiveResourcesInfo().sort();
    if (now.length <= sorted.length && now.every((r, i) => r === sorted[i])) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  expect(process.getActiveResourcesInfo().sort()).toEqual(sorted);
}
