import { deviceEventFault } from './device-event.ts';

/** The device event name the ONVIF event service turns into a GlobalSceneChange (tamper) notification. */
export const tamperTopic = 'tamper';

export const tamperFault = deviceEventFault(
  'tamper',
  tamperTopic,
  'tamper (global scene change) for the duration of the fault',
);
