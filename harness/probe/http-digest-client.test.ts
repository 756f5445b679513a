import { describe, expect, it } from 'vitest';
import { refused } from './soap-call.ts';

describe('refused', () => {
  it.each([
    [{ status: 401, text: '' }, true],
    [{ status: 400, text: '', fault: 'ter:NotAuthorized' }, true],
    [{ status: 500, text: '', fault: 'ter:Action' }, true],
    [{ status: 400, text: '' }, false],
    [{ status: 200, text: '' }, false],
  ])('%o → %s', (reply, expected) => expect(refused(reply)).toBe(expected));
});
