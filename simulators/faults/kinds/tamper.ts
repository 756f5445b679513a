import { deviceEventFault } from './device-event.ts';

/** ONVIF's tamper topic: the scene changed globally (covered, moved, sprayed). */
export const tamperTopic = 'tns1:VideoSource/GlobalSceneChange/ImagingService';

export const tamperFault = deviceEventFault('tamper', tamperTopic, 'tamper (global scene change) for the duration of the fault');
