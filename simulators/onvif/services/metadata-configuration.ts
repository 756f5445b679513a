import type { OnvifDevice } from '../onvif-device.ts';
import type { OnvifRequestContext } from '../onvif-service.ts';
import { faults } from '../../wire/soap-fault.ts';
import { esc } from '../../wire/soap-writer.ts';
import { attr, child, textAt } from '../../wire/xml-element.ts';
import { parseXsDurationMs } from '../xs-duration.ts';
import { type MediaProfile, mediaProfiles } from './media-profiles.ts';
import { NO_MULTICAST, SESSION_TIMEOUT } from './media-xml.ts';
import { TOKENS } from './tokens.ts';

/**
 * The camera's one metadata configuration, as Media and Media2 show it. The camera streams no
 * metadata over RTSP (no PTZ status, events or analytics), so the configuration selects no
 * content, its options offer none, and SetMetadataConfiguration refuses to select any: a client
 * reads truthfully that a profile carrying it streams no metadata. Only its name changes.
 */
export function metadataConfigurationXml(device: OnvifDevice, tag: string): string {
  const table = mediaProfiles(device);
  return (
    `<${tag} token="${TOKENS.metadataConfig}"><tt:Name>${esc(table.metadataName)}</tt:Name><tt:UseCount>${table.metadataUseCount()}</tt:UseCount>` +
    `<tt:PTZStatus><tt:Status>false</tt:Status><tt:Position>false</tt:Position></tt:PTZStatus><tt:Analytics>false</tt:Analytics>` +
    `${NO_MULTICAST}<tt:SessionTimeout>${SESSION_TIMEOUT}</tt:SessionTimeout></${tag}>`
  );
}

export function metadataConfigIfAny(device: OnvifDevice, profile: MediaProfile, tag: string): string {
  return profile.metadata ? metadataConfigurationXml(device, tag) : '';
}

/** tt:MetadataConfigurationOptions: no PTZ status or position can be selected. */
export function metadataOptionsXml(tag: string): string {
  return (
    `<${tag}><tt:PTZStatusFilterOptions><tt:PanTiltStatusSupported>false</tt:PanTiltStatusSupported><tt:ZoomStatusSupported>false</tt:ZoomStatusSupported>` +
    `<tt:PanTiltPositionSupported>false</tt:PanTiltPositionSupported><tt:ZoomPositionSupported>false</tt:ZoomPositionSupported></tt:PTZStatusFilterOptions></${tag}>`
  );
}

export function checkMetadataConfig(token: string | undefined): void {
  if (token !== TOKENS.metadataConfig)
    throw faults.invalidArgVal('NoConfig', `no metadata configuration with token '${token ?? ''}'`);
}

function isTrue(value: string | undefined): boolean {
  return value === 'true' || value === '1';
}

function refuse(what: string): never {
  throw faults.invalidArgVal(
    'ConfigModify',
    `${what} is not offered: the camera streams no metadata (GetMetadataConfigurationOptions offers no content)`,
  );
}

/** SetMetadataConfiguration as Media and Media2 take it: checked in full before the name changes. */
export function setMetadataConfiguration(ctx: OnvifRequestContext): void {
  const cfg = child(ctx.req.body, 'Configuration');
  checkMetadataConfig(attr(cfg, 'token'));
  for (const flag of ['Status', 'Position', 'FieldOfView'])
    if (isTrue(textAt(cfg, 'PTZStatus', flag))) refuse(`PTZStatus/${flag} true`);
  // An Events element, even without a filter, asks for every event in the stream.
  if (child(cfg, 'Events') !== undefined) refuse('Events');
  if (isTrue(textAt(cfg, 'Analytics'))) refuse('Analytics true');
  if ((child(cfg, 'AnalyticsEngineConfiguration')?.children.length ?? 0) > 0)
    refuse('AnalyticsEngineConfiguration modules');
  if (isTrue(textAt(cfg, 'Multicast', 'AutoStart'))) refuse('Multicast AutoStart (RTPMulticast="false")');
  const timeout = textAt(cfg, 'SessionTimeout');
  if (timeout !== undefined && parseXsDurationMs(timeout) !== parseXsDurationMs(SESSION_TIMEOUT)) {
    throw faults.invalidArgVal(
      'ConfigModify',
      `SessionTimeout ${timeout} is not offered: the RTSP session timeout is ${SESSION_TIMEOUT}`,
    );
  }
  const name = textAt(cfg, 'Name');
  if (name !== undefined && name !== '') {
    const table = mediaProfiles(ctx.device);
    table.metadataName = name;
    table.touch();
  }
}
