import { decodeBase64Nal } from '../sdp/base64-nal.ts';

/** RFC 6184 §8.1 sprop-parameter-sets: base64 parameter-set NAL units, comma-separated. */
export function encodeSpropParameterSets(parameterSets: readonly Buffer[]): string {
  return parameterSets.map((nal) => nal.toString('base64')).join(',');
}

export function decodeSpropParameterSets(value: string): Buffer[] {
  return value.split(',').map((part) => decodeBase64Nal(part.trim()));
}
