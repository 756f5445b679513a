import type { PacketizedFrame } from '../../media/clip/packetized-clip.ts';
import { RTP_HEADER_BYTES } from '../../media/rtp/rtp-header.ts';
import { ONVIF_REPLAY_EXTENSION_BYTES, writeOnvifReplayExtension } from '../../media/rtp/onvif-replay-extension.ts';
import type { ClipFrames } from './clip-stream.ts';
import { INTERLEAVED_PREFIX_BYTES, type WireImage } from './wire-image.ts';

/** Bytes from a packet's "$" to its payload in a replay wire image. */
export const REPLAY_PACKET_HEAD_BYTES = INTERLEAVED_PREFIX_BYTES + RTP_HEADER_BYTES + ONVIF_REPLAY_EXTENSION_BYTES;

/**
 * A frame's packets as a replay sends them on RTSP/TCP: like the live WireImage, with the X bit
 * set and room for the ONVIF replay extension (0xABAC, three words) after each RTP header. A
 * replay session copies the image with one memcpy and patches sequence number, timestamp, SSRC,
 * NTP time, flags and CSeq per packet. Built once per clip variant per process, on first replay.
 */
export function buildReplayWireImage(frame: PacketizedFrame, payloadType: number): WireImage {
  const n = frame.payloads.length;
  const bytes = Buffer.alloc(frame.bytes + n * REPLAY_PACKET_HEAD_BYTES);
  const packetOffsets = new Uint32Array(n);
  let o = 0;
  for (let i = 0; i < n; i++) {
    const payload = frame.payloads[i]!;
    packetOffsets[i] = o;
    bytes[o] = 0x24;
    bytes.writeUInt16BE(RTP_HEADER_BYTES + ONVIF_REPLAY_EXTENSION_BYTES + payload.length, o + 2);
    bytes[o + 4] = 0x90;
    bytes[o + 5] = (i === n - 1 ? 0x80 : 0) | (payloadType & 0x7f);
    writeOnvifReplayExtension(bytes, o + INTERLEAVED_PREFIX_BYTES + RTP_HEADER_BYTES, 0, 0, 0);
    payload.copy(bytes, o + REPLAY_PACKET_HEAD_BYTES);
    o += REPLAY_PACKET_HEAD_BYTES + payload.length;
  }
  return { bytes, packetOffsets };
}

const cache = new WeakMap<ClipFrames, readonly WireImage[]>();

/** The replay wire images of a clip variant's frames, by index (built once, then shared by every replay session). */
export function replayWireImages(frames: ClipFrames, payloadType: number): readonly WireImage[] {
  let images = cache.get(frames);
  if (images === undefined) {
    images = frames.frames.map((f) => buildReplayWireImage(f, payloadType));
    cache.set(frames, images);
  }
  return images;
}
