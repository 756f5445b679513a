import { deviceEventFault } from './device-event.ts';

/** ONVIF's cell-motion alarm topic (Profile S/T VideoSource/MotionAlarm). */
export const motionTopic = 'tns1:VideoSource/MotionAlarm';

export const motionFault = deviceEventFault('motion', motionTopic, 'motion detected for the duration of the fault');
