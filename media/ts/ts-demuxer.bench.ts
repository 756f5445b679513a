import { randomFillSync } from 'node:crypto';
import { bench, describe } from 'vitest';
import { TsDemuxer } from './ts-demuxer.ts';
import { packets, pat, pes, pmt, PMT_PID, VIDEO_PID } from './ts-fixture.ts';

// One second of the 1080p main profile at 4 Mbit/s as an HLS segment carries it: an ~80 KB key
// frame and 24 ~20 KB P frames, each one PES, fetched in 64 KiB chunks.
function frame(bytes: number, header: number): Buffer {
  const nal = randomFillSync(Buffer.alloc(bytes));
  nal[0] = 0;
  nal[1] = 0;
  nal[2] = 1;
  nal[3] = header;
  return nal;
}
let cc = 0;
const videoPackets: Buffer[] = [];
for (let i = 0; i < 25; i++) {
  const p = packets(VIDEO_PID, pes(0xe0, i * 3600, frame(i === 0 ? 80_000 : 20_000, i === 0 ? 0x65 : 0x41)), cc);
  cc += p.length;
  videoPackets.push(...p);
}
const segment = Buffer.concat([...packets(0, pat), ...packets(PMT_PID, pmt), ...videoPackets]);
const chunks: Buffer[] = [];
for (let at = 0; at < segment.length; at += 64 * 1024) chunks.push(segment.subarray(at, at + 64 * 1024));

describe(`TsDemuxer: one second of 4 Mbit/s video (${(segment.length / 1024).toFixed(0)} KiB)`, () => {
  bench('demux a segment in 64 KiB chunks', () => {
    const demuxer = new TsDemuxer();
    let n = 0;
    for (const chunk of chunks) n += demuxer.push(chunk).length;
    n += demuxer.flush().length;
    if (n !== 25) throw new Error(`expected 25 PES, got ${n}`);
  });
});
