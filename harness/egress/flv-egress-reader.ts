import http from 'node:http';
import https from 'node:https';
import { FlvDemuxer } from '../../media/flv/flv-demuxer.ts';
import { EgressReadError, type FrameSink } from './egress-reader.ts';

/**
 * Reads a hub's HTTP-FLV restream (a long GET whose body is an FLV stream): every video tag
 * with NAL units is one frame. Ends when the hub ends the body; throws on a refused request, a
 * connection lost mid-body, or a malformed stream (ParseError from the demuxer). Reads with
 * node:http, whose body chunks arrive as Buffers by event: fetch's web streams cost a promise
 * and more per chunk, which at thousands of streams is most of the reading.
 */
export function readFlvEgress(url: string, onFrame: FrameSink, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const u = new URL(url);
    const demuxer = new FlvDemuxer();
    let settled = false;
    const settle = (err?: Error): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (err === undefined || signal.aborted) resolve();
      else reject(err);
    };
    const req = (u.protocol === 'https:' ? https : http).get(u, (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        res.resume();
        req.destroy();
        settle(new EgressReadError(`GET ${url} answered ${status}`));
        return;
      }
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        try {
          for (const tag of demuxer.push(chunk)) if (tag.kind === 'nal-units') onFrame(tag.codec, tag.nals);
        } catch (err) {
          req.destroy();
          settle(err as Error);
        }
      });
      res.on('end', () => settle());
      res.on('close', () =>
        settle(res.complete ? undefined : new EgressReadError(`GET ${url}: the connection closed mid-stream`)),
      );
    });
    req.on('error', (err) => settle(new EgressReadError(`GET ${url} failed: ${err.message}`)));
    const onAbort = (): void => {
      req.destroy();
      settle();
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
