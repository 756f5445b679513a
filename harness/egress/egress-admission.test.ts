import { describe, expect, it } from 'vitest';
import { EgressAdmission } from './egress-admission.ts';

describe('EgressAdmission', () => {
  it('lets maxOpening restreams open at once, the next in turn as each releases', async () => {
    const admission = new EgressAdmission(2);
    const signal = new AbortController().signal;
    const a = await admission.acquire(signal);
    const b = await admission.acquire(signal);
    const granted: string[] = [];
    const c = admission.acquire(signal).then((r) => (granted.push('c'), r));
    const d = admission.acquire(signal).then((r) => (granted.push('d'), r));
    await Promise.resolve();
    expect(granted).toEqual([]);
    a!();
    a!(); // idempotent: frees one slot, not two
    const releaseC = await c;
    expect(granted).toEqual(['c']);
    b!();
    const releaseD = await d;
    expect(granted).toEqual(['c', 'd']);
    releaseC!();
    releaseD!();
    // All free again: two open at once without waiting.
    expect(await Promise.all([admission.acquire(signal), admission.acquire(signal)])).toHaveLength(2);
  });

  it('drops a waiter whose read is aborted, and frees a slot held past holdMs', async () => {
    const admission = new EgressAdmission(1, 5);
    const held = await admission.acquire(new AbortController().signal);
    const abort = new AbortController();
    const aborted = admission.acquire(abort.signal);
    abort.abort();
    expect(await aborted).toBeUndefined();
    // Never released: the slot comes free after holdMs all the same.
    expect(await admission.acquire(new AbortController().signal)).toBeTypeOf('function');
    held!();
  });
});
