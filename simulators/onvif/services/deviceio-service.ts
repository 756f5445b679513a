import type { Camera } from '../../camera/camera.ts';
import { type OnvifService, type Operation, op } from '../onvif-service.ts';
import { faults } from '../../wire/soap-fault.ts';
import { textAt } from '../../wire/xml-element.ts';
import { setVideoSourceConfiguration, videoSourceOptionsXml } from './media-service.ts';
import { videoSourceConfigurationXml } from './media-xml.ts';
import { TOKENS } from './tokens.ts';

/** DeviceIO's namespace (note the capital IO); responses declare it themselves, as the envelope does not. */
export const DEVICEIO_NS = 'http://www.onvif.org/ver10/deviceIO/wsdl';
const XMLNS = `xmlns:tmd="${DEVICEIO_NS}"`;

/**
 * DeviceIO came with the 2.x firmware generation, as Media2 did; a model without Media2 (pre-2.0
 * firmware, e.g. legacy-bullet) has neither, and says so in GetServices and GetCapabilities.
 */
export function deviceIoOffered(camera: Camera): boolean {
  return camera.model.media2;
}

/** The physical ports of the emulated cameras: one video source, nothing else (no audio, relays, inputs, serial ports, outputs). */
export const DEVICEIO_VIDEO_SOURCES = 1;

/** tmd:Capabilities; also embedded, with its own xmlns, in GetServices' IncludeCapability answer. */
export const DEVICEIO_CAPABILITIES = `<tmd:Capabilities ${XMLNS} VideoSources="${DEVICEIO_VIDEO_SOURCES}" VideoOutputs="0" AudioSources="0" AudioOutputs="0" RelayOutputs="0" SerialPorts="0" DigitalInputs="0" DigitalInputOptions="false"/>`;

function checkVideoSource(token: string | undefined): void {
  if (token !== TOKENS.videoSource)
    throw faults.invalidArgVal(
      'NoVideoSource',
      `no video source with token '${token ?? ''}' (${TOKENS.videoSource} only)`,
    );
}

/** An operation whose answer is an empty list: the camera has none of what it lists. */
function none(response: string, xmlns = ` ${XMLNS}`): Operation {
  const xml = `<${response}${xmlns}/>`;
  return op('READ_MEDIA', () => xml);
}

export const deviceIoService: OnvifService = {
  name: 'deviceio',
  ns: DEVICEIO_NS,
  offered: deviceIoOffered,
  operations: new Map([
    [
      'GetServiceCapabilities',
      op(
        'PRE_AUTH',
        () =>
          `<tmd:GetServiceCapabilitiesResponse ${XMLNS}>${DEVICEIO_CAPABILITIES}</tmd:GetServiceCapabilitiesResponse>`,
      ),
    ],
    [
      'GetVideoSources',
      op(
        'READ_MEDIA',
        () =>
          `<tmd:GetVideoSourcesResponse ${XMLNS}><tmd:Token>${TOKENS.videoSource}</tmd:Token></tmd:GetVideoSourcesResponse>`,
      ),
    ],
    ['GetAudioSources', none('tmd:GetAudioSourcesResponse')],
    ['GetAudioOutputs', none('tmd:GetAudioOutputsResponse')],
    ['GetVideoOutputs', none('tmd:GetVideoOutputsResponse')],
    ['GetDigitalInputs', none('tmd:GetDigitalInputsResponse')],
    ['GetSerialPorts', none('tmd:GetSerialPortsResponse')],
    ['GetRelayOutputOptions', none('tmd:GetRelayOutputOptionsResponse')],
    // deviceio.wsdl reuses the device service's elements for the relay list.
    ['GetRelayOutputs', none('tds:GetRelayOutputsResponse', '')],
    [
      'GetVideoSourceConfiguration',
      op('READ_MEDIA', (ctx) => {
        checkVideoSource(textAt(ctx.req.body, 'VideoSourceToken'));
        return `<tmd:GetVideoSourceConfigurationResponse ${XMLNS}>${videoSourceConfigurationXml(ctx.device, 'tmd:VideoSourceConfiguration')}</tmd:GetVideoSourceConfigurationResponse>`;
      }),
    ],
    [
      'GetVideoSourceConfigurationOptions',
      op('READ_MEDIA', (ctx) => {
        checkVideoSource(textAt(ctx.req.body, 'VideoSourceToken'));
        return `<tmd:GetVideoSourceConfigurationOptionsResponse ${XMLNS}>${videoSourceOptionsXml(ctx.device, 'tmd:VideoSourceConfigurationOptions')}</tmd:GetVideoSourceConfigurationOptionsResponse>`;
      }),
    ],
    [
      'SetVideoSourceConfiguration',
      op('WRITE_SYSTEM', (ctx) => {
        setVideoSourceConfiguration(ctx);
        return `<tmd:SetVideoSourceConfigurationResponse ${XMLNS}/>`;
      }),
    ],
  ]),
};
