import { afterEach, describe, expect, it } from 'vitest';
import { installInterruptHandler } from './interrupt-handler.ts';

let remove: (() => void) | undefined;
afterEach(() => remove?.());

describe('two-stage interrupt', () => {
  it('aborts on the first SIGINT and exits 130 at once on the second', () => {
    const controller = new AbortController();
    const said: string[] = [];
    const exits: number[] = [];
    const before = process.listenerCount('SIGINT');
    remove = installInterruptHandler(
      controller,
      (l) => said.push(l),
      (c) => exits.push(c),
    );
    process.emit('SIGINT', 'SIGINT');
    expect(controller.signal.aborted).toBe(true);
    expect(controller.signal.reason).toBe('Ctrl-C received');
    expect(exits).toEqual([]);
    process.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([130]);
    expect(said[0]).toMatch(/writing a partial report/);
    remove();
    remove = undefined;
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
