import { z } from 'zod';
import { type ModelQuirks, modelQuirksSchema } from '../quirks/model-quirks.ts';
import { type Personality, readPersonalities } from './personality.ts';
import { edgeStorageSchema } from '../recording/storage-spec.ts';

/**
 * A camera model is a device personality: who made it, what it streams, which ONVIF services it
 * offers, how it authenticates, and the quirks real devices of its kind have. Fleet files can
 * declare more models with the same schema.
 */
export const streamProfileSchema = z
  .object({
    name: z.enum(['main', 'sub']),
    codec: z.enum(['h264', 'h265']),
    width: z.number().int().min(16).max(7680),
    height: z.number().int().min(16).max(4320),
    fps: z.number().int().min(1).max(60),
    bitrateKbps: z.number().int().min(16).max(50_000),
    /** Frames per group of pictures (key frame interval). */
    gopFrames: z.number().int().min(1).max(600),
    h264Profile: z.enum(['baseline', 'main', 'high']).default('main'),
    bFrames: z.boolean().default(false),
  })
  .strict();
export type StreamProfileSpec = z.infer<typeof streamProfileSchema>;

export const ptzSpecSchema = z
  .object({
    /** Normalised ONVIF generic space: pan/tilt in [-1, 1], zoom in [0, 1]. Speeds are units per second at speed 1. */
    panSpeedPerS: z.number().positive().default(1),
    tiltSpeedPerS: z.number().positive().default(1),
    zoomSpeedPerS: z.number().positive().default(0.5),
    maxPresets: z.number().int().min(1).max(1000).default(64),
    homePosition: z
      .object({ pan: z.number(), tilt: z.number(), zoom: z.number() })
      .strict()
      .default({ pan: 0, tilt: 0, zoom: 0 }),
  })
  .strict();
export type PtzSpec = z.infer<typeof ptzSpecSchema>;

export const authPolicySchema = z
  .object({
    /** RTSP: digest is always offered; basic only where a model enables it. */
    rtspBasic: z.boolean().default(false),
    /** ONVIF: WS-UsernameToken PasswordDigest and HTTP digest are always accepted. */
    onvifPasswordText: z.boolean().default(false),
    /** Accept ONVIF requests with no credentials at all (some cheap cameras ship so). */
    onvifNone: z.boolean().default(false),
    /** Serve RTSP to anyone, no credentials asked (cameras left on their factory stream settings). */
    rtspNone: z.boolean().default(false),
  })
  .strict();
export type AuthPolicy = z.infer<typeof authPolicySchema>;

/**
 * The quirks a model always has: quirk id -> parameters (`true` for the defaults). The fields of
 * the earlier quirks object (clockSkewMs, streamUriQuery, noGetServices) are still read. See
 * simulators/quirks/README.md.
 */
export const quirksSchema = modelQuirksSchema;
export type Quirks = ModelQuirks;

export const cameraModelSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    manufacturer: z.string().min(1),
    model: z.string().min(1),
    firmware: z.string().min(1),
    hardwareId: z.string().min(1),
    profiles: z.array(streamProfileSchema).min(1),
    ptz: ptzSpecSchema.optional(),
    auth: authPolicySchema.default({ rtspBasic: false, onvifPasswordText: false, onvifNone: false, rtspNone: false }),
    bootTimeMs: z.number().int().min(0).max(600_000).default(5_000),
    media2: z.boolean().default(true),
    /** RTSP path template; {profile} is 'main' or 'sub', {channel} is 101 or 102. */
    rtspPath: z.string().startsWith('/').default('/stream/{profile}'),
    snapshotPath: z.string().startsWith('/').default('/snapshot.jpg'),
    quirks: quirksSchema.default({}),
    /**
     * RTSP sessions the camera serves at once (all profiles, all clients); a SETUP beyond it is
     * answered 453 Not Enough Bandwidth. Absent: no limit.
     */
    maxRtspSessions: z.number().int().min(1).max(1000).optional(),
    /** An SD card: the camera records its own stream and offers it over ONVIF Profile G (simulators/recording/). */
    edgeStorage: edgeStorageSchema.optional(),
  })
  .strict();
export type CameraModel = z.infer<typeof cameraModelSchema>;
export type CameraModelInput = z.input<typeof cameraModelSchema>;

const main1080: z.input<typeof streamProfileSchema> = {
  name: 'main',
  codec: 'h264',
  width: 1920,
  height: 1080,
  fps: 25,
  bitrateKbps: 4000,
  gopFrames: 50,
  h264Profile: 'main',
};
const sub360: z.input<typeof streamProfileSchema> = {
  name: 'sub',
  codec: 'h264',
  width: 640,
  height: 360,
  fps: 25,
  bitrateKbps: 512,
  gopFrames: 50,
  h264Profile: 'baseline',
};

/** A personality file: the fields of a camera model plus `personality:`, its one-line description. */
const personalityFileSchema = cameraModelSchema
  .extend({ personality: z.string().min(1) })
  .strict()
  .transform(({ personality, ...model }) => ({ description: personality, model }));

/** The personality files (personalities/*.yaml): vendor-style bundles of quirks, loaded as built-in models. */
export const builtinPersonalities: readonly Personality<CameraModel>[] = readPersonalities(personalityFileSchema);

/** Three distinct device models ship, as ONVIF's client tests ask for three devices per feature. */
export const builtinDeviceModels: readonly CameraModel[] = [
  {
    id: 'fixed-1080p',
    manufacturer: 'Camlab Optics',
    model: 'CL-B1080',
    firmware: '2.4.1',
    hardwareId: 'CLB-1080-R2',
    profiles: [main1080, sub360],
    bootTimeMs: 4_000,
    media2: true,
    rtspPath: '/stream/{profile}',
  },
  {
    id: 'ptz-dome',
    manufacturer: 'Northgate Security',
    model: 'NG-PTZ30X',
    firmware: 'V5.7.3 build 230411',
    hardwareId: 'NG-D30X',
    profiles: [main1080, sub360],
    ptz: {},
    bootTimeMs: 8_000,
    media2: true,
    rtspPath: '/Streaming/Channels/{channel}',
    snapshotPath: '/ISAPI/Streaming/channels/{channel}/picture',
  },
  {
    id: 'legacy-bullet',
    manufacturer: 'Vantage Vision',
    model: 'VV-720IR',
    firmware: '1.9.0',
    hardwareId: 'VV720-A',
    profiles: [
      { ...main1080, width: 1280, height: 720, bitrateKbps: 2000, fps: 15, gopFrames: 30, h264Profile: 'baseline' },
      { ...sub360, width: 352, height: 288, bitrateKbps: 256, fps: 15, gopFrames: 30 },
    ],
    bootTimeMs: 12_000,
    media2: false,
    rtspPath: '/live/ch0{channel}.sdp',
    snapshotPath: '/cgi-bin/snapshot.cgi',
    quirks: {
      'clock-skew': { offset: '90s' },
      'stream-uri-query': { query: '?transportmode=unicast' },
      'get-capabilities-only': true,
    },
  },
].map((m) => cameraModelSchema.parse(m));

/** Every built-in model: the three device models, then the personalities. */
export const builtinCameraModels: readonly CameraModel[] = [
  ...builtinDeviceModels,
  ...builtinPersonalities.map((p) => p.model),
];

export function findBuiltinModel(id: string): CameraModel | undefined {
  return builtinCameraModels.find((m) => m.id === id);
}
