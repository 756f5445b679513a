import { appendFile, readFile } from 'node:fs/promises';
import type { VideoCodec } from '../../../media/clip/packetized-clip.ts';
import { ParseError } from '../../../media/errors/parse-error.ts';
import { joinAnnexB, splitAnnexB } from '../../../media/h264/annexb.ts';
import { decodeSeiNal } from '../../../media/sei/sei-stamp.ts';
import type { RecordedPicture } from '../capture-runs.ts';
import type { ReadFrame } from './annexb-frame-reader.ts';

/** An access unit delimiter stands for a picture that carried no stamp (H.264 7.3.2.4, H.265 7.3.2.5). */
const placeholder: Record<VideoCodec, Buffer> = {
  h264: Buffer.from([0x09, 0xf0]),
  h265: Buffer.from([0x46, 0x01, 0x50]),
};

/**
 * One recording segment of the mini hub on disk: `NAME.h264` (or `.h265`), an Annex-B stream of
 * the SEI NAL unit each picture came with, as it came (an access unit delimiter for a picture
 * without one), and `NAME.times`, the hub's time for each picture, one per line. The pictures'
 * slices are not kept: a reference hub must prove what it holds, not play it back, and a
 * camera-hour costs about 200 KB this way. Appended as pictures arrive, flushed in batches.
 */
export class SegmentFile {
  private nals: Buffer[] = [];
  private times: number[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    readonly codec: VideoCodec,
  ) {}

  picture(frame: ReadFrame, hubTimeMs: number): void {
    this.nals.push(frame.sei?.codec === this.codec ? frame.sei.nal : placeholder[this.codec]);
    this.times.push(hubTimeMs);
  }

  /** Writes what has come since the last flush; flushes run one after another. */
  flush(): Promise<void> {
    if (this.nals.length === 0) return this.writing;
    const media = joinAnnexB(this.nals);
    const times = this.times.map((t) => `${t}\n`).join('');
    this.nals = [];
    this.times = [];
    this.writing = this.writing.then(async () => {
      await appendFile(`${this.path}.${this.codec}`, media);
      await appendFile(`${this.path}.times`, times);
    });
    return this.writing;
  }

  /** Reads the segment back from disk: each picture's stamp (from its SEI) and the hub's time for it. */
  async read(): Promise<RecordedPicture[]> {
    await this.flush();
    const media = await readFile(`${this.path}.${this.codec}`).catch(() => Buffer.alloc(0));
    const times = (await readFile(`${this.path}.times`, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
    const nals = media.length === 0 ? [] : splitAnnexB(media);
    return nals.map((nal, i) => {
      let stamp;
      try {
        stamp = decodeSeiNal(this.codec, nal);
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
      }
      const hubTimeMs = Number(times[i]);
      return { stamp, ...(Number.isFinite(hubTimeMs) ? { hubTimeMs } : {}) };
    });
  }
}
