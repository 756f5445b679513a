import type { TopicSources } from '../../events/device-topics.ts';
import type { StreamProfileName } from '../../observations/observation.ts';

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

/** The sources an emulated camera's event messages name: its one video source, configuration and motion rule. */
export const CAMERA_TOPIC_SOURCES: TopicSources = {
  videoSource: TOKENS.videoSource,
  videoSourceConfig: TOKENS.videoSourceConfig,
  analyticsConfig: TOKENS.analyticsConfig,
  rule: TOKENS.motionRule,
};

export function profileToken(p: StreamProfileName): string {
  return `Profile_${p}`;
}

export function encoderToken(p: StreamProfileName): string {
  return `VideoEncoder_${p}`;
}

export function profileFromToken(token: string | undefined): StreamProfileName | undefined {
  if (token === 'Profile_main' || token === 'VideoEncoder_main') return 'main';
  if (token === 'Profile_sub' || token === 'VideoEncoder_sub') return 'sub';
  return undefined;
}
