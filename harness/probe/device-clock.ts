import { child, textAt, type XmlElement } from '../../simulators/wire/xml-element.ts';
import { soapCall } from './soap-call.ts';

const TDS = 'http://www.onvif.org/ver10/device/wsdl';

/** xs:dateTime pieces of an ONVIF tt:DateTime, as milliseconds since the epoch. */
export function onvifDateTimeMs(el: XmlElement | undefined): number | undefined {
  const n = (...path: string[]): number => Number(textAt(el, ...path));
  const parts = [
    n('Date', 'Year'),
    n('Date', 'Month'),
    n('Date', 'Day'),
    n('Time', 'Hour'),
    n('Time', 'Minute'),
    n('Time', 'Second'),
  ];
  if (parts.some((p) => !Number.isFinite(p))) return undefined;
  const [y, mo, d, h, mi, s] = parts as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/**
 * The device's clock minus ours, read with GetSystemDateAndTime (which ONVIF answers without
 * credentials): what a client adds to its own time to stamp WS-UsernameToken Created in the
 * device's time. 0 when they agree within the second the device prints; undefined when the
 * device gave no time.
 */
export async function deviceClockOffsetMs(
  deviceUrl: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<number | undefined> {
  const before = Date.now();
  const reply = await soapCall(
    deviceUrl,
    `<tds:GetSystemDateAndTime xmlns:tds="${TDS}"/>`,
    { type: 'none' },
    timeoutMs,
    signal === undefined ? {} : { signal },
  );
  const after = Date.now();
  const deviceMs = onvifDateTimeMs(child(child(reply.payload, 'SystemDateAndTime'), 'UTCDateTime'));
  if (deviceMs === undefined) return undefined;
  // Whole seconds on the wire: half a second is the resolution, not a skew.
  const skewMs = deviceMs + 500 - (before + after) / 2;
  return Math.abs(skewMs) > 1_000 ? Math.round(skewMs) : 0;
}
