import { describe, expect, it } from 'vitest';
import { untilAborted } from './until-aborted.ts';

describe('untilAborted', () => {
  it('gives the value when the work finishes first', async () => {
    expect(await untilAborted(Promise.resolve(4), new AbortController().signal)).toEqual({ done: true, value: 4 });
  });

  it('gives up when the signal aborts first, and passes on a failure that came first', async () => {
    const controller = new AbortController();
    const pending = untilAborted(new Promise<number>(() => undefined), controller.signal);
    controller.abort();
    expect(await pending).toEqual({ done: false });
    expect(await untilAborted(Promise.resolve(1), controller.signal)).toEqual({ done: false });
    await expect(untilAborted(Promise.reject(new Error('boom')), new AbortController().signal)).rejects.toThrow('boom');
  });
});
