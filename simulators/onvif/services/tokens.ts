import type { ProfileName } from '../onvif-device.ts';

/** Tokens the emulated devices use; one video source, one encoder configuration per profile. */
export const TOKENS = {
  videoSource: 'VideoSource_1',
  videoSourceConfig: 'VideoSourceConfig_1',
  ptzNode: 'PTZNode_1',
  ptzConfig: 'PTZConfig_1',
  analyticsConfig: 'VideoAnalytics_1',
  motionRule: 'MotionDetectorRule',
  metadataConfig: 'MetadataConfig_1',
} as const;

export function profileToken(p: ProfileName): string {
  return `Profile_${p}`;
}

export function encoderToken(p: ProfileName): string {
  return `VideoEncoder_${p}`;
}

export function profileFromToken(token: string | undefined): ProfileName | undefined {
  if (token === 'Profile_main' || token === 'VideoEncoder_main') return 'main';
  if (token === 'Profile_sub' || token === 'VideoEncoder_sub') return 'sub';
  return undefined;
}
