import type { EventMessage } from '../../events/event-message.ts';

/** The two motion topics the camera publishes, and the data item each carries the state in. */
const MOTION_ITEMS: Readonly<Record<string, string>> = {
  'tns1:VideoSource/MotionAlarm': 'State',
  'tns1:RuleEngine/CellMotionDetector/Motion': 'IsMotion',
};

/** The value of a motion message's state item, or undefined for other messages. */
export function motionState(m: EventMessage): string | undefined {
  const item = MOTION_ITEMS[m.topic];
  return item === undefined ? undefined : m.data.find(([name]) => name === item)?.[1];
}

/** The message with its motion state item's value replaced. */
export function withMotionState(m: EventMessage, value: string): EventMessage {
  const item = MOTION_ITEMS[m.topic]!;
  return { ...m, data: m.data.map(([name, v]) => [name, name === item ? value : v] as const) };
}
