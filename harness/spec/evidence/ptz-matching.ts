import type { PtzObservation } from '../../../simulators/observations/observation.ts';

/** The camera-side ONVIF operation a hub-side PTZ command should arrive as. */
const onvifOperationOf: Record<string, PtzObservation['command']> = {
  continuous: 'ContinuousMove',
  stop: 'Stop',
  'goto-preset': 'GotoPreset',
  absolute: 'AbsoluteMove',
  relative: 'RelativeMove',
  home: 'GotoHomePosition',
};

export function onvifPtzOperation(hubCommand: string): string {
  return onvifOperationOf[hubCommand] ?? hubCommand;
}

/** PTZPANTILTCONTINUOUSPOSITIONING-3: a ContinuousMove with zero velocity is a stop as well. */
export function isStop(o: PtzObservation): boolean {
  if (o.command === 'Stop') return true;
  return (
    o.command === 'ContinuousMove' &&
    o.position !== undefined &&
    o.position.pan === 0 &&
    o.position.tilt === 0 &&
    o.position.zoom === 0
  );
}
