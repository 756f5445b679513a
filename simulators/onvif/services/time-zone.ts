import type { OnvifDevice } from '../onvif-device.ts';
import { deviceState } from './device-state.ts';

/** The time zone SetSystemDateAndTime stored (Core §8.3.8): a POSIX 1003.1 TZ string. */
export interface DeviceTimeZone {
  tz: string;
  daylightSavings: boolean;
}

const NAME = '(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>)';
const OFFSET = '[+-]?\\d{1,2}(?::\\d{2}){0,2}';
const RULE = '(?:M\\d{1,2}\\.[1-5]\\.[0-6]|J?\\d{1,3})(?:/[+-]?\\d{1,3}(?::\\d{2}){0,2})?';
const POSIX_TZ = new RegExp(`^(${NAME})(${OFFSET})(?:${NAME}(?:${OFFSET})?(?:,${RULE},${RULE})?)?$`);

export function isPosixTz(tz: string): boolean {
  return POSIX_TZ.test(tz);
}

/** Local time minus UTC for a zone without a daylight-saving part; undefined when it has one. POSIX offsets count west as positive. */
export function fixedOffsetMs(tz: string): number | undefined {
  const m = POSIX_TZ.exec(tz);
  if (m === null || m[0].length !== m[1]!.length + m[2]!.length) return undefined;
  const [h, mi = '0', s = '0'] = m[2]!.replace(/^[+-]/, '').split(':');
  const ms = ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000;
  // West is positive in POSIX; UTC0 stays +0 rather than -0.
  return m[2]!.startsWith('-') || ms === 0 ? ms : -ms;
}

const ZONES = deviceState<DeviceTimeZone>(() => ({ tz: 'UTC0', daylightSavings: false }));

export function timeZone(device: OnvifDevice): DeviceTimeZone {
  return ZONES.get(device);
}

export function resetTimeZone(device: OnvifDevice): void {
  ZONES.reset(device);
}
