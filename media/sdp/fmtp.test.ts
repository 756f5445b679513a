import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { formatFmtp, parseFmtp } from './fmtp.ts';

const cases = [
  { name: 'one parameter', text: 'packetization-mode=1', map: [['packetization-mode', '1']] },
  {
    name: 'values with = and ,',
    text: 'sprop-parameter-sets=Z0I=,aM4=;x=a=b',
    map: [
      ['sprop-parameter-sets', 'Z0I=,aM4='],
      ['x', 'a=b'],
    ],
  },
  { name: 'nothing', text: '', map: [] },
] as const;

describe('fmtp', () => {
  it.each(cases)('parses $name', ({ text, map }) => {
    expect([...parseFmtp(text)]).toEqual(map);
  });
  it.each(cases)('formats $name', ({ text, map }) => {
    expect(formatFmtp(new Map(map.map(([k, v]) => [k, v])))).toBe(text);
  });
  it('round-trips any lower-case parameters', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
    const value = fc.stringMatching(/^[A-Za-z0-9+/=,]{0,20}$/);
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 5 }), (dict) => {
        const map = new Map(Object.entries(dict));
        expect(parseFmtp(formatFmtp(map))).toEqual(map);
      }),
    );
  });
  it('rejects a part without a key', () => {
    expect(() => parseFmtp('=1')).toThrow(ParseError);
  });
});
