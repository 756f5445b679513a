/**
 * Emulation prevention (H.264 §7.4.1, H.265 §7.4.2): inside a NAL unit, every 00 00 followed by
 * 00..03 gets an 03 inserted so the payload can never look like a start code.
 */

/** NAL unit payload -> RBSP. Returns the input itself when there is nothing to remove. */
export function removeEmulationPrevention(nal: Buffer): Buffer {
  let zeros = 0;
  let first = -1;
  for (let i = 0; i < nal.length; i++) {
    const b = nal[i] as number;
    if (zeros >= 2 && b === 3) {
      first = i;
      break;
    }
    zeros = b === 0 ? zeros + 1 : 0;
  }
  if (first < 0) {
    return nal;
  }
  const out = Buffer.allocUnsafe(nal.length);
  nal.copy(out, 0, 0, first);
  let w = first;
  zeros = 0;
  for (let i = first + 1; i < nal.length; i++) {
    const b = nal[i] as number;
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    out[w++] = b;
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return out.subarray(0, w);
}

/** RBSP -> NAL unit payload. Returns the input itself when nothing needs escaping. */
export function addEmulationPrevention(rbsp: Buffer): Buffer {
  let needed = 0;
  let zeros = 0;
  for (let i = 0; i < rbsp.length; i++) {
    const b = rbsp[i] as number;
    if (zeros >= 2 && b <= 3) {
      needed++;
      zeros = 0;
    }
    zeros = b === 0 ? zeros + 1 : 0;
  }
  // RBSP ending in a cabac_zero_word (00 00) gets a final 03 so it cannot merge with the next start code (H.264 §7.4.1).
  const trailing = zeros >= 2 ? 1 : 0;
  if (needed === 0 && trailing === 0) {
    return rbsp;
  }
  const out = Buffer.allocUnsafe(rbsp.length + needed + trailing);
  let w = 0;
  zeros = 0;
  for (let i = 0; i < rbsp.length; i++) {
    const b = rbsp[i] as number;
    if (zeros >= 2 && b <= 3) {
      out[w++] = 3;
      zeros = 0;
    }
    out[w++] = b;
    zeros = b === 0 ? zeros + 1 : 0;
  }
  if (trailing === 1) {
    out[w++] = 3;
  }
  return out;
}
