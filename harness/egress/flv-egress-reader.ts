import { FlvDemuxer } from '../../media/flv/flv-demuxer.ts';
import { EgressReadError, type FrameSink } from './egress-reader.ts';

/**
 * Reads a hub's HTTP-FLV restream (a long GET whose body is an FLV stream): every video tag
 * with NAL units is one frame. Ends when the hub ends the body; throws on a refused request or
 * a malformed stream (ParseError from the demuxer).
 */
export async function readFlvEgress(url: string, onFrame: FrameSink, signal: AbortSignal): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (err) {
    if (signal.aborted) return;
    throw new EgressReadError(`GET ${url} failed: ${causeOf(err)}`);
  }
  if (!res.ok || res.body === null) {
    await res.body?.cancel();
    throw new EgressReadError(`GET ${url} answered ${res.status}`);
  }
  const demuxer = new FlvDemuxer();
  try {
    for await (const chunk of res.body) {
      for (const tag of demuxer.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)))
        if (tag.kind === 'nal-units') onFrame(tag.codec, tag.nals);
    }
  } catch (err) {
    if (signal.aborted) return;
    throw err;
  }
}

function causeOf(err: unknown): string {
  const e = err as Error;
  return e.cause instanceof Error ? e.cause.message : e.message;
}
