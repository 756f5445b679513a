import { ParseError } from '../../../media/errors/parse-error.ts';
import { splitAnnexB } from '../../../media/h264/annexb.ts';
import { decodeSeiNal, type SeiStamp } from '../../../media/sei/sei-stamp.ts';
import { TsDemuxer, type TsPes } from '../../../media/ts/ts-demuxer.ts';
import type { RecordedPicture } from '../capture-runs.ts';

/** MPEG-TS presentation times count 90 kHz ticks. */
const TICKS_PER_MS = 90;

/** The camlab stamp among a video PES's NAL units, if any. */
function stampOf(pes: TsPes): SeiStamp | undefined {
  let nals: Buffer[];
  try {
    nals = splitAnnexB(pes.data);
  } catch (err) {
    if (err instanceof ParseError) return undefined;
    throw err;
  }
  for (const nal of nals) {
    try {
      const stamp = decodeSeiNal(pes.codec!, nal);
      if (stamp !== undefined) return stamp;
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
    }
  }
  return undefined;
}

/**
 * Reads a recording a hub serves as MPEG-TS into its pictures (one per video PES): the camlab
 * stamp each carries, and the time the hub files it under — the recording's listed start plus the
 * picture's presentation time past the first one. Feed it the download chunk by chunk; `finish()`
 * returns the pictures. Throws ParseError on bytes that are not a transport stream.
 */
export class MpegTsRecordingReader {
  private readonly demuxer = new TsDemuxer();
  private readonly pictures: RecordedPicture[] = [];
  private firstPts: number | undefined;

  constructor(private readonly startMs: number) {}

  push(chunk: Buffer): void {
    for (const pes of this.demuxer.push(chunk)) this.take(pes);
  }

  finish(): RecordedPicture[] {
    for (const pes of this.demuxer.flush()) this.take(pes);
    return this.pictures;
  }

  private take(pes: TsPes): void {
    if (pes.codec === undefined) return;
    const stamp = stampOf(pes);
    if (pes.pts === undefined) {
      this.pictures.push({ stamp });
      return;
    }
    this.firstPts ??= pes.pts;
    this.pictures.push({ stamp, hubTimeMs: this.startMs + (pes.pts - this.firstPts) / TICKS_PER_MS });
  }
}
