import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { FragmentReassembler, MAX_REASSEMBLED_NAL_BYTES, splitAggregated } from './fragment-reassembler.ts';

describe('FragmentReassembler', () => {
  it('joins fragments behind a two-byte header', () => {
    const r = new FragmentReassembler();
    r.append(Buffer.from([1, 2]));
    r.append(Buffer.from([3]));
    expect(r.finish(0x4001, 2)).toEqual(Buffer.from([0x40, 0x01, 1, 2, 3]));
    expect(r.inProgress).toBe(false);
    expect(r.droppedTotal).toBe(0);
  });

  it('abandons and counts a unit that outgrows the limit', () => {
    const r = new FragmentReassembler();
    r.append(Buffer.alloc(MAX_REASSEMBLED_NAL_BYTES));
    expect(() => r.append(Buffer.alloc(1))).toThrow(ParseError);
    expect(r.inProgress).toBe(false);
    expect(r.droppedTotal).toBe(1);
  });

  it('does not count abandoning nothing', () => {
    const r = new FragmentReassembler();
    r.abandon();
    expect(r.droppedTotal).toBe(0);
  });
});

describe('splitAggregated', () => {
  it('splits sized NAL units after the payload header', () => {
    const nals = splitAggregated(Buffer.from([0x18, 0, 2, 0x67, 1, 0, 1, 0x68]), 1, 1, 'STAP-A');
    expect(nals).toEqual([Buffer.from([0x67, 1]), Buffer.from([0x68])]);
  });

  it('refuses a unit below the minimum size, a torn size and an empty packet', () => {
    expect(() => splitAggregated(Buffer.from([0x60, 1, 0, 1, 0x40]), 2, 2, 'aggregation packet')).toThrow(/overruns/);
    expect(() => splitAggregated(Buffer.from([0x18, 0]), 1, 1, 'STAP-A')).toThrow(/inside a NAL unit size/);
    expect(() => splitAggregated(Buffer.from([0x18]), 1, 1, 'STAP-A')).toThrow(/carries no NAL unit/);
  });
});
