/** One coded picture with the parameter sets and SEIs sent ahead of it, in decode order. */
export interface AccessUnit {
  /** NAL units without start codes (access unit delimiters removed: RTP marks boundaries itself). */
  nals: Buffer[];
  /** Decoding can start here (H.264 IDR, H.265 IRAP). */
  keyframe: boolean;
}

/** What a codec says about one NAL unit, as bit flags, for grouping into access units. */
export const NalFlag = {
  /** A coded slice (segment) of a picture. */
  vcl: 1,
  /** With vcl: the first slice of its picture. */
  firstSlice: 2,
  /** With vcl: decoding can start at this picture. */
  key: 4,
  /** Without vcl: a unit that opens the next access unit when it follows a slice. */
  opensUnit: 8,
  /** An access unit delimiter: a boundary, itself dropped. */
  delimiter: 16,
} as const;

/**
 * Groups NAL units into access units by the flags `classify` gives each one (the codecs'
 * boundary rules differ only in which units carry which flag). Units shorter than
 * `minNalBytes` cannot carry a header and are dropped.
 */
export function groupAccessUnits(
  nals: readonly Buffer[],
  minNalBytes: number,
  classify: (nal: Buffer) => number,
): AccessUnit[] {
  const units: AccessUnit[] = [];
  let current: AccessUnit = { nals: [], keyframe: false };
  let hasVcl = false;
  const flush = (): void => {
    if (current.nals.length > 0) {
      units.push(current);
    }
    current = { nals: [], keyframe: false };
    hasVcl = false;
  };
  for (const nal of nals) {
    if (nal.length < minNalBytes) {
      continue;
    }
    const flags = classify(nal);
    if ((flags & NalFlag.delimiter) !== 0) {
      flush();
      continue;
    }
    if ((flags & NalFlag.vcl) !== 0) {
      if (hasVcl && (flags & NalFlag.firstSlice) !== 0) {
        flush();
      }
      hasVcl = true;
      if ((flags & NalFlag.key) !== 0) {
        current.keyframe = true;
      }
    } else if (hasVcl && (flags & NalFlag.opensUnit) !== 0) {
      flush();
    }
    current.nals.push(nal);
  }
  flush();
  return units;
}
