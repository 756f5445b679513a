import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { h264Fmtp, parseH264Fmtp } from './h264-fmtp.ts';

const sps = Buffer.from('674d401eda0280bfe5c044000003000400000300c83c58ba80', 'hex');
const pps = Buffer.from('68ee0fc8', 'hex');

describe('H.264 fmtp', () => {
  it('offers packetization mode 1 with profile-level-id and sprop-parameter-sets', () => {
    expect(h264Fmtp({ sps, pps })).toBe(
      `packetization-mode=1;profile-level-id=4D401E;sprop-parameter-sets=${sps.toString('base64')},aO4PyA==`,
    );
  });

  it.each([
    { name: 'ours', text: h264Fmtp({ sps, pps }), mode: 1, pli: '4D401E', sets: 2 },
    {
      name: 'lower-case keys and hex, spaces, trailing ;',
      text: ' Profile-Level-Id=4d401e ; packetization-mode=1; sprop-parameter-sets=Z01AHg==,aO4PyA==;',
      mode: 1,
      pli: '4D401E',
      sets: 2,
    },
    { name: 'no parameters (mode 0 default)', text: '', mode: 0, pli: undefined, sets: 0 },
  ])('parses $name', ({ text, mode, pli, sets }) => {
    const parsed = parseH264Fmtp(text);
    expect(parsed.packetizationMode).toBe(mode);
    expect(parsed.profileLevelId).toBe(pli);
    expect(parsed.parameterSets).toHaveLength(sets);
  });

  it.each([
    { name: 'bad base64', text: 'sprop-parameter-sets=Z01A*Hg==' },
    { name: 'bad mode', text: 'packetization-mode=7' },
    { name: 'short profile-level-id', text: 'profile-level-id=4D40' },
    { name: 'a bare word', text: 'packetization-mode' },
  ])('rejects $name', ({ text }) => {
    expect(() => parseH264Fmtp(text)).toThrow(ParseError);
  });

  it('gives a value or a ParseError for any fmtp text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        try {
          parseH264Fmtp(text);
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
    );
  });
});
