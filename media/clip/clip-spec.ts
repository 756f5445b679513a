import { z } from 'zod';
import type { ClipSpec } from './packetized-clip.ts';

/** The stream parameters a camera model's profile declares: a ClipSpec without its label and length. */
export type ClipProfile = Omit<ClipSpec, 'label' | 'durationS'>;

/** Clips last about this long: long enough to look live, short enough to generate in seconds. */
export const TARGET_CLIP_SECONDS = 4;

/**
 * The clip a profile streams: a whole number of GOPs lasting about TARGET_CLIP_SECONDS, so a
 * looping stream always restarts on a key frame. `label` is burned into the picture; by default
 * it names the stream's format, so a person watching sees which profile they got ('' for none).
 */
export function clipSpecFromProfile(profile: ClipProfile, label: string = defaultClipLabel(profile)): ClipSpec {
  const gops = Math.max(1, Math.ceil((TARGET_CLIP_SECONDS * profile.fps) / profile.gopFrames));
  return {
    codec: profile.codec,
    width: profile.width,
    height: profile.height,
    fps: profile.fps,
    bitrateKbps: profile.bitrateKbps,
    gopFrames: profile.gopFrames,
    h264Profile: profile.h264Profile,
    // Baseline has no B-slices (H.264 A.2.1); saying so keeps the cache key honest.
    bFrames: profile.codec === 'h264' && profile.h264Profile === 'baseline' ? false : profile.bFrames,
    label,
    durationS: (gops * profile.gopFrames) / profile.fps,
  };
}

/** e.g. 'H.264 main 1920x1080 25fps 4000kbit/s'. */
export function defaultClipLabel(profile: ClipProfile): string {
  const format = profile.codec === 'h264' ? `H.264 ${profile.h264Profile}` : 'H.265';
  return `${format} ${profile.width}x${profile.height} ${profile.fps}fps ${profile.bitrateKbps}kbit/s`;
}

/** What the generator can encode: 4:2:0 needs even sizes; the rest mirrors the camera-model schema. */
export const clipSpecSchema = z
  .object({
    codec: z.enum(['h264', 'h265']),
    width: z.number().int().min(16).max(7680).multipleOf(2, 'must be even (4:2:0 chroma)'),
    height: z.number().int().min(16).max(4320).multipleOf(2, 'must be even (4:2:0 chroma)'),
    fps: z.number().int().min(1).max(60),
    bitrateKbps: z.number().int().min(16).max(50_000),
    gopFrames: z.number().int().min(1).max(600),
    h264Profile: z.enum(['baseline', 'main', 'high']),
    bFrames: z.boolean(),
    label: z.string().max(200),
    durationS: z.number().positive().max(600),
  })
  .strict()
  .refine(
    (s) =>
      Math.abs(s.durationS * s.fps - Math.round(s.durationS * s.fps)) < 1e-6 &&
      Math.round(s.durationS * s.fps) % s.gopFrames === 0,
    {
      message: 'durationS * fps must be a whole number of GOPs',
      path: ['durationS'],
    },
  );

/** Checks a spec before ffmpeg sees it, so a bad profile fails with a message naming the field. */
export function validateClipSpec(spec: ClipSpec): void {
  const result = clipSpecSchema.safeParse(spec);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid clip spec ${JSON.stringify(spec)}: ${issues}`);
  }
}
