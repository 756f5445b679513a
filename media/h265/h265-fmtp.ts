import { ParseError } from '../errors/parse-error.ts';
import { decodeBase64Nal } from '../sdp/base64-nal.ts';
import { formatFmtp, parseFmtp } from '../sdp/fmtp.ts';
import { parseH265Sps } from './sps.ts';

export interface H265ParameterSets {
  vps: Buffer;
  sps: Buffer;
  pps: Buffer;
}

/** The fmtp a camera offers for an H.265 stream (RFC 7798 §7.1): profile, level and sprop-vps/sps/pps. */
export function h265Fmtp({ vps, sps, pps }: H265ParameterSets): string {
  const parsed = parseH265Sps(sps);
  return formatFmtp(
    new Map([
      ['profile-id', String(parsed.generalProfileIdc)],
      ['tier-flag', parsed.generalTierFlag ? '1' : '0'],
      ['level-id', String(parsed.generalLevelIdc)],
      ['sprop-vps', vps.toString('base64')],
      ['sprop-sps', sps.toString('base64')],
      ['sprop-pps', pps.toString('base64')],
    ]),
  );
}

/** Reads sprop-vps/sps/pps from an H.265 fmtp value; each must be present. */
export function parseH265Fmtp(text: string): H265ParameterSets {
  const p = parseFmtp(text);
  const get = (key: string): Buffer => {
    const value = p.get(key);
    if (value === undefined || value === '') {
      throw new ParseError(`H.265 fmtp lacks ${key}`);
    }
    // RFC 7798 allows several parameter sets per sprop; camlab streams carry one of each.
    return decodeBase64Nal(value.split(',')[0]?.trim() ?? '');
  };
  return { vps: get('sprop-vps'), sps: get('sprop-sps'), pps: get('sprop-pps') };
}
