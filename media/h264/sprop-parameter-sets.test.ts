import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { decodeSpropParameterSets, encodeSpropParameterSets } from './sprop-parameter-sets.ts';

describe('sprop-parameter-sets', () => {
  it.each([
    { name: 'SPS and PPS', value: 'Z01AHg==,aO4PyA==', sets: ['674d401e', '68ee0fc8'] },
    { name: 'one set', value: 'Z01AHg==', sets: ['674d401e'] },
    { name: 'spaces after commas (some cameras)', value: 'Z01AHg==, aO4PyA==', sets: ['674d401e', '68ee0fc8'] },
  ])('decodes $name', ({ value, sets }) => {
    expect(decodeSpropParameterSets(value).map((b) => b.toString('hex'))).toEqual(sets);
  });

  it.each([
    { name: 'an empty entry', value: 'Z01AHg==,' },
    { name: 'url-safe base64', value: 'Z01A_g==' },
    { name: 'missing padding', value: 'Z01AHg' },
  ])('rejects $name', ({ value }) => {
    expect(() => decodeSpropParameterSets(value)).toThrow(ParseError);
  });

  it('round-trips any parameter sets through sprop-parameter-sets', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 4 }), (sets) => {
        const buffers = sets.map((s) => Buffer.from(s));
        expect(decodeSpropParameterSets(encodeSpropParameterSets(buffers))).toEqual(buffers);
      }),
    );
  });
});
