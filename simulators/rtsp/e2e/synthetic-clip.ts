import type { ClipSpec, PacketizedClip, PacketizedFrame } from '../../../media/clip/packetized-clip.ts';

/**
 * A PacketizedClip of made-up H.264 payloads (no ffmpeg), for server tests that only look at
 * RTP framing, timing and SEI: byte 0 of each payload is a NAL header (IDR slice on key frames).
 */
export function syntheticClip(spec: ClipSpec, payloadBytes = 1200, payloadsPerFrame = 3): PacketizedClip {
  const frameCount = Math.round(spec.durationS * spec.fps);
  const frameTicks = 90_000 / spec.fps;
  const frames: PacketizedFrame[] = [];
  for (let index = 0; index < frameCount; index++) {
    const keyframe = index % spec.gopFrames === 0;
    const payloads: Buffer[] = [];
    for (let p = 0; p < payloadsPerFrame; p++) {
      const b = Buffer.alloc(payloadBytes, index & 0xff);
      b[0] = keyframe ? 0x65 : 0x41;
      payloads.push(b);
    }
    frames.push({
      index,
      ptsTicks: index * frameTicks,
      dtsTicks: index * frameTicks,
      keyframe,
      payloads,
      bytes: payloadBytes * payloadsPerFrame,
    });
  }
  return {
    spec,
    payloadType: 96,
    clockRate: 90_000,
    rtpmap: 'H264/90000',
    fmtp: 'packetization-mode=1;profile-level-id=42e01f;sprop-parameter-sets=Z0LgH9oCgL0g,aM4G4g==',
    frames,
    durationTicks: frameCount * frameTicks,
    snapshotJpeg: Buffer.alloc(0),
  };
}

export const syntheticLoader = (spec: ClipSpec): Promise<PacketizedClip> => Promise.resolve(syntheticClip(spec));
