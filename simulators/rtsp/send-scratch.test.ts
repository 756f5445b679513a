import { describe, expect, it } from 'vitest';
import { SendScratch } from './send-scratch.ts';

describe('SendScratch', () => {
  it('hands out one view per size over one memory, until surrendered', () => {
    const scratch = new SendScratch(1024);
    const a = scratch.take(100);
    expect(a.length).toBe(100);
    expect(scratch.take(100)).toBe(a);
    const b = scratch.take(300);
    expect(b.length).toBe(300);
    b[0] = 7;
    expect(a[0]).toBe(7);
    scratch.surrender();
    // The surrendered memory is never handed out again, whatever the size.
    const c = scratch.take(100);
    expect(c).not.toBe(a);
    c[0] = 9;
    expect(a[0]).toBe(7);
  });

  it('grows for a frame larger than the scratch, never reusing views of the smaller memory', () => {
    const scratch = new SendScratch(64);
    const small = scratch.take(32);
    const large = scratch.take(200);
    expect(large.length).toBe(200);
    const again = scratch.take(32);
    expect(again).not.toBe(small);
    again[0] = 1;
    large[0] = 2;
    expect(again[0]).toBe(2);
  });
});
