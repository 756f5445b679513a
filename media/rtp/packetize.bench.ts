import { randomFillSync } from 'node:crypto';
import { bench, describe } from 'vitest';
import { encodeSeiNal } from '../sei/sei-stamp.ts';
import { H264Depacketizer } from './h264-depacketizer.ts';
import { packetizeH264AccessUnit } from './h264-packetizer.ts';
import { MAX_RTP_PAYLOAD_BYTES } from './max-payload.ts';
import { RTP_HEADER_BYTES, writeRtpHeader } from './rtp-header.ts';

// Sizes of the 1080p main-profile clip at 4 Mbit/s: an ~80 KB key frame, ~20 KB P frames.
function slice(header: number, bytes: number): Buffer {
  const nal = randomFillSync(Buffer.alloc(bytes));
  nal[0] = header;
  return nal;
}
const keyFrame = [slice(0x67, 25), slice(0x68, 4), slice(0x65, 80_000)];
const pFrame = [slice(0x41, 20_000)];
const pPayloads = packetizeH264AccessUnit(pFrame);

/** The pattern camlab avoids (werift codec/h264.ts style): slice and concat per fragment. */
function packetizeNaive(nals: readonly Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (const nal of nals) {
    if (nal.length <= MAX_RTP_PAYLOAD_BYTES) {
      out.push(nal);
      continue;
    }
    const header = nal[0] as number;
    let rest = nal.subarray(1);
    let first = true;
    while (rest.length > 0) {
      const data = rest.subarray(0, MAX_RTP_PAYLOAD_BYTES - 2);
      rest = rest.subarray(data.length);
      const fu = Buffer.from([
        (header & 0xe0) | 28,
        (first ? 0x80 : 0) | (rest.length === 0 ? 0x40 : 0) | (header & 0x1f),
      ]);
      out.push(Buffer.concat([fu, data]));
      first = false;
    }
  }
  return out;
}

/** A reader that concatenates on every fragment instead of joining once. */
function depacketizeNaive(payloads: readonly Buffer[]): Buffer[] {
  let nal = Buffer.alloc(0);
  const out: Buffer[] = [];
  for (const p of payloads) {
    if (((p[0] as number) & 0x1f) !== 28) {
      out.push(p);
      continue;
    }
    if (((p[1] as number) & 0x80) !== 0) nal = Buffer.from([((p[0] as number) & 0xe0) | ((p[1] as number) & 0x1f)]);
    nal = Buffer.concat([nal, p.subarray(2)]);
    if (((p[1] as number) & 0x40) !== 0) out.push(nal);
  }
  return out;
}

describe('packetize an 80 KB key frame (once per clip)', () => {
  bench('camlab packetizeH264AccessUnit', () => {
    packetizeH264AccessUnit(keyFrame);
  });
  bench('peer: slice + Buffer.concat per fragment', () => {
    packetizeNaive(keyFrame);
  });
  const floorTarget = Buffer.allocUnsafe(81_000);
  bench('floor: copy the same bytes into a preallocated buffer', () => {
    (keyFrame[2] as Buffer).copy(floorTarget);
  });
});

const writeBuffer = Buffer.allocUnsafe(pPayloads.length * RTP_HEADER_BYTES + 20_100);
describe('per frame per session: stamp SEI + RTP headers of a 20 KB frame into one write', () => {
  let frame = 0;
  bench('camlab encodeSeiNal + writeRtpHeader per payload + copy', () => {
    const sei = encodeSeiNal('h264', {
      cameraId: 'cam-0001',
      frame: frame++,
      sendTimeMs: 1_764_000_000_000 + frame * 40,
    });
    let offset = 0;
    for (let i = 0; i < pPayloads.length; i++) {
      const payload = pPayloads[i] as Buffer;
      writeRtpHeader(writeBuffer, offset, 96, i === pPayloads.length - 1, frame + i, frame * 3600, 0x1234);
      offset += RTP_HEADER_BYTES;
      offset += payload.copy(writeBuffer, offset);
    }
    if (offset < sei.length) throw new Error('unreachable: keeps the work observable');
  });
  bench('peer: packetize the frame again for each session (no sharing)', () => {
    const sei = encodeSeiNal('h264', {
      cameraId: 'cam-0001',
      frame: frame++,
      sendTimeMs: 1_764_000_000_000 + frame * 40,
    });
    const payloads = packetizeH264AccessUnit(pFrame);
    let offset = 0;
    for (let i = 0; i < payloads.length; i++) {
      writeRtpHeader(writeBuffer, offset, 96, i === payloads.length - 1, frame + i, frame * 3600, 0x1234);
      offset += RTP_HEADER_BYTES;
      offset += (payloads[i] as Buffer).copy(writeBuffer, offset);
    }
    if (offset < sei.length) throw new Error('unreachable: keeps the work observable');
  });
  bench('floor: copy the payloads only', () => {
    let offset = 0;
    for (let i = 0; i < pPayloads.length; i++) offset += (pPayloads[i] as Buffer).copy(writeBuffer, offset);
  });
});

describe('stamp one frame (once per frame per camera)', () => {
  let frame = 0;
  bench('camlab encodeSeiNal', () => {
    encodeSeiNal('h264', {
      cameraId: 'cam-0001',
      frame: frame++,
      sendTimeMs: 1_764_000_000_000 + frame * 40,
      ptz: { pan: 0.1, tilt: 0.2, zoom: 0.3 },
    });
  });
  bench('floor: allocate a buffer of the same size', () => {
    Buffer.allocUnsafe(60);
  });
});

describe('depacketize a 20 KB frame (readers)', () => {
  const depacketizer = new H264Depacketizer();
  bench('camlab H264Depacketizer (join once)', () => {
    for (const p of pPayloads) depacketizer.push(p);
  });
  bench('peer: Buffer.concat per fragment', () => {
    depacketizeNaive(pPayloads);
  });
});
