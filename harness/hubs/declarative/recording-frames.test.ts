import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../media/errors/parse-error.ts';
import { encodeSeiNal } from '../../../media/sei/sei-stamp.ts';
import { packets, pat, pes, pmt, PMT_PID, VIDEO_PID } from '../../../media/ts/ts-fixture.ts';
import { MpegTsRecordingReader } from './recording-frames.ts';

const t0 = 1_000_000;
const slice = Buffer.from([0x65, 0x88, 0x84, 0x00]);

/** A recording of `count` pictures 40 ms apart, captured from `captureMs` on; the picture at `unstamped` carries no stamp. */
function recording(count: number, captureMs: number, unstamped = -1): Buffer {
  const out: Buffer[] = [...packets(0, pat), ...packets(PMT_PID, pmt)];
  let cc = 0;
  for (let i = 0; i < count; i++) {
    const sei = encodeSeiNal('h264', { cameraId: 'cam-1', frame: i, sendTimeMs: captureMs + i * 40 });
    const au = Buffer.concat([
      Buffer.from([0, 0, 0, 1]),
      ...(i === unstamped ? [] : [sei, Buffer.from([0, 0, 0, 1])]),
      slice,
    ]);
    const ps = packets(VIDEO_PID, pes(0xe0, 900_000 + i * 3_600, au), cc);
    cc += ps.length;
    out.push(...ps);
  }
  return Buffer.concat(out);
}

describe('MpegTsRecordingReader: a downloaded recording, picture by picture', () => {
  it('reads each picture’s stamp and files it at the listed start plus its presentation time', () => {
    const reader = new MpegTsRecordingReader(t0 + 5_000);
    const bytes = recording(10, t0, 3);
    // Cut anywhere, as a download arrives.
    for (let i = 0; i < bytes.length; i += 1_000) reader.push(bytes.subarray(i, i + 1_000));
    const pictures = reader.finish();
    expect(pictures).toHaveLength(10);
    expect(pictures[3]!.stamp).toBeUndefined();
    expect(pictures.map((p) => p.hubTimeMs)).toEqual(Array.from({ length: 10 }, (_, i) => t0 + 5_000 + i * 40));
    expect(pictures[9]!.stamp).toMatchObject({ cameraId: 'cam-1', frame: 9, sendTimeMs: t0 + 360 });
  });

  it('refuses bytes that are not a transport stream', () => {
    const reader = new MpegTsRecordingReader(t0);
    expect(() => {
      reader.push(Buffer.alloc(400, 0x11));
      reader.finish();
    }).toThrow(ParseError);
  });
});
