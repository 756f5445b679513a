import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { h265Fmtp, parseH265Fmtp } from './h265-fmtp.ts';

// Parameter sets x265 wrote (ffmpeg 4.1 static build).
const sets1080 = {
  vps: '40010c01ffff016000000300900000030000030078959409',
  sps: '420101016000000300900000030000030078a003c0801107cb965654a4c2f010100000030010000003019080',
  pps: '4401c073c189',
};

describe('H.265 fmtp', () => {
  const buffers = {
    vps: Buffer.from(sets1080.vps, 'hex'),
    sps: Buffer.from(sets1080.sps, 'hex'),
    pps: Buffer.from(sets1080.pps, 'hex'),
  };
  it('offers profile, tier, level and sprop-vps/sps/pps', () => {
    expect(h265Fmtp(buffers)).toBe(
      `profile-id=1;tier-flag=0;level-id=120;sprop-vps=${buffers.vps.toString('base64')};sprop-sps=${buffers.sps.toString('base64')};sprop-pps=${buffers.pps.toString('base64')}`,
    );
  });
  it('round-trips the parameter sets', () => {
    expect(parseH265Fmtp(h265Fmtp(buffers))).toEqual(buffers);
  });
  it.each([
    { name: 'missing sprop-pps', text: `sprop-vps=QAE=;sprop-sps=QgE=` },
    { name: 'bad base64', text: `sprop-vps=QAE=;sprop-sps=QgE=;sprop-pps=!!` },
  ])('rejects $name', ({ text }) => {
    expect(() => parseH265Fmtp(text)).toThrow(ParseError);
  });
});
