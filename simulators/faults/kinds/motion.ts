import { deviceEventFault } from './device-event.ts';

/** The device event name the ONVIF event service turns into MotionAlarm and cell-motion notifications. */
export const motionTopic = 'motion';

export const motionFault = deviceEventFault('motion', motionTopic, 'motion detected for the duration of the fault');
