import { describe, expect, it } from 'vitest';
import { motionState } from './onvif-motion.ts';

/** A notification as the `onvif` client hands it over (its XML reader's shape). */
const notification = (topic: string, name: string, value: unknown) => ({
  topic: { _: topic },
  message: { message: { data: { simpleItem: { $: { Name: name, Value: value } } } } },
});

describe('motionState', () => {
  it('reads IsMotion and State, however the value is spelled', () => {
    expect(motionState(notification('tns1:RuleEngine/CellMotionDetector/Motion', 'IsMotion', true))).toBe(true);
    expect(motionState(notification('tns1:RuleEngine/CellMotionDetector/Motion', 'IsMotion', false))).toBe(false);
    expect(motionState(notification('tns1:VideoSource/MotionAlarm', 'State', 'true'))).toBe(true);
    expect(motionState(notification('tns1:VideoSource/MotionAlarm', 'State', '0'))).toBe(false);
  });

  it('finds the state among several items', () => {
    const m = notification('tns1:VideoSource/MotionAlarm', 'State', 'false');
    m.message.message.data.simpleItem = [
      { $: { Name: 'Other', Value: 'x' } },
      { $: { Name: 'State', Value: 'true' } },
    ] as never;
    expect(motionState(m)).toBe(true);
  });

  it('is undefined for other topics, other items and other shapes', () => {
    expect(
      motionState(notification('tns1:VideoSource/GlobalSceneChange/ImagingService', 'State', true)),
    ).toBeUndefined();
    expect(motionState(notification('tns1:VideoSource/MotionAlarm', 'Level', 'true'))).toBeUndefined();
    expect(motionState(undefined)).toBeUndefined();
    expect(motionState({ topic: 'x' })).toBeUndefined();
  });
});
