import type { EventMessage } from './event-message.ts';

/** The fixed topic set (GetEventProperties lists these), without the tns1: prefix. */
export const DEVICE_TOPICS: readonly string[] = [
  'VideoSource/MotionAlarm',
  'VideoSource/GlobalSceneChange/ImagingService',
  'RuleEngine/CellMotionDetector/Motion',
];

/** The device events a camera declares (camera.raiseEvent names): together they produce every topic in DEVICE_TOPICS. */
export const DEVICE_EVENTS: readonly string[] = ['motion', 'tamper'];

/** Tokens the messages name as their source (they match the ONVIF server's media tokens). */
export interface TopicSources {
  videoSource: string;
  videoSourceConfig: string;
  analyticsConfig: string;
  rule: string;
}

/**
 * Turns a device event the fleet raises (camera.raiseEvent('motion' | 'tamper', state)) into the
 * ONVIF notifications real cameras send for it: motion as both the VideoSource MotionAlarm and
 * the cell motion detector rule (hubs listen to one or the other), tamper as a global scene
 * change. Any other topic is passed as given (tns1: added when bare) with a State item. Pure.
 */
export function deviceTopicMessages(topic: string, state: boolean, utcMs: number, src: TopicSources): EventMessage[] {
  const value = state ? 'true' : 'false';
  const msg = (t: string, source: EventMessage['source'], data: EventMessage['data']): EventMessage => ({
    topic: t,
    utcMs,
    operation: 'Changed',
    source,
    data,
  });
  switch (topic) {
    case 'motion':
      return [
        msg('tns1:VideoSource/MotionAlarm', [['Source', src.videoSource]], [['State', value]]),
        msg(
          'tns1:RuleEngine/CellMotionDetector/Motion',
          [
            ['VideoSourceConfigurationToken', src.videoSourceConfig],
            ['VideoAnalyticsConfigurationToken', src.analyticsConfig],
            ['Rule', src.rule],
          ],
          [['IsMotion', value]],
        ),
      ];
    case 'tamper':
      return [
        msg('tns1:VideoSource/GlobalSceneChange/ImagingService', [['Source', src.videoSource]], [['State', value]]),
      ];
    default:
      return [
        msg(topic.startsWith('tns1:') ? topic : `tns1:${topic}`, [['Source', src.videoSource]], [['State', value]]),
      ];
  }
}

/**
 * The state of every declared property topic before anything was raised: all false, as a real
 * camera reports motion and tamper it has not seen (ONVIF Core, property events). Pure.
 */
export function initialPropertyMessages(utcMs: number, src: TopicSources): EventMessage[] {
  return DEVICE_EVENTS.flatMap((event) => deviceTopicMessages(event, false, utcMs, src));
}
