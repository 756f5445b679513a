import { SoapFault, faults } from '../../wire/soap-fault.ts';
import { esc } from '../../wire/soap-writer.ts';
import { child, textAt } from '../../wire/xml-element.ts';
import { type OnvifRequestContext, type OnvifService, type Operation, op } from '../onvif-service.ts';
import { parseXsDurationMs } from '../xs-duration.ts';
import { type ProfileGDevice, REPLAY_SESSION_TIMEOUT_RANGE_S, profileGOf } from './profile-g.ts';

/** The Replay Control service (ONVIF Replay Control Specification; replay.wsdl). */
export const REPLAY_NS = 'http://www.onvif.org/ver10/replay/wsdl';
const XMLNS = ` xmlns:trp="${REPLAY_NS}"`;

/** Reverse playback: the device's RTSP server replays with a negative Scale, GOP by GOP (simulators/rtsp/replay-cursor.ts). */
export const REPLAY_CAPABILITIES = `<trp:Capabilities${XMLNS} ReversePlayback="true" SessionTimeoutRange="${REPLAY_SESSION_TIMEOUT_RANGE_S.join(' ')}" RTP_RTSP_TCP="true"/>`;

const STREAM_TYPES: ReadonlySet<string> = new Set(['RTP-Unicast', 'RTP-Multicast']);
const PROTOCOLS: ReadonlySet<string> = new Set(['UDP', 'TCP', 'RTSP', 'HTTP']);

function device(ctx: OnvifRequestContext): ProfileGDevice {
  const g = profileGOf(ctx.camera);
  if (g === undefined) throw faults.actionNotSupported('replay', ctx.req.operation);
  return g;
}

/** GetReplayUri: rtsp://<device rtsp host:port><replayPath(token)>, for a recording the device holds. */
function getReplayUri(ctx: OnvifRequestContext): string {
  const g = device(ctx);
  const setup = child(ctx.req.body, 'StreamSetup');
  const stream = textAt(setup, 'Stream');
  const protocol = textAt(setup, 'Transport', 'Protocol');
  if (stream === undefined || !STREAM_TYPES.has(stream))
    throw faults.invalidArgVal(
      'InvalidStreamSetup',
      `StreamSetup.Stream '${stream ?? ''}' is not RTP-Unicast or RTP-Multicast`,
    );
  if (stream === 'RTP-Multicast')
    throw faults.invalidArgVal('InvalidStreamSetup', 'replay is offered over RTP-Unicast only');
  if (protocol === undefined || !PROTOCOLS.has(protocol))
    throw faults.invalidArgVal(
      'InvalidStreamSetup',
      `StreamSetup.Transport.Protocol '${protocol ?? ''}' is not UDP, TCP, RTSP or HTTP`,
    );
  const recordingToken = textAt(ctx.req.body, 'RecordingToken') ?? '';
  // Replay Control test REPLAY-1-2-1 prefers InvalidToken for a recording the device does not hold.
  if (g.catalog.recording(recordingToken) === undefined)
    throw faults.invalidArgVal('InvalidToken', `no recording with token '${recordingToken}'`);
  return `<trp:GetReplayUriResponse${XMLNS}><trp:Uri>${esc(g.replayUri(recordingToken))}</trp:Uri></trp:GetReplayUriResponse>`;
}

function setReplayConfiguration(ctx: OnvifRequestContext): string {
  const g = device(ctx);
  const text = textAt(ctx.req.body, 'Configuration', 'SessionTimeout');
  const ms = text === undefined ? undefined : parseXsDurationMs(text);
  const [minS, maxS] = REPLAY_SESSION_TIMEOUT_RANGE_S;
  if (ms === undefined || ms < minS * 1000 || ms > maxS * 1000)
    throw new SoapFault(
      'env:Sender',
      'ter:InvalidArgVal',
      400,
      `SessionTimeout '${text ?? ''}' is not a duration within ${minS} s and ${maxS} s (SessionTimeoutRange)`,
    );
  g.replaySessionTimeoutMs = ms;
  return `<trp:SetReplayConfigurationResponse${XMLNS}/>`;
}

export const replayService: OnvifService = {
  name: 'replay',
  ns: REPLAY_NS,
  offered: (camera) => profileGOf(camera) !== undefined,
  capabilities: () => REPLAY_CAPABILITIES,
  operations: new Map<string, Operation>([
    [
      'GetServiceCapabilities',
      op(
        'PRE_AUTH',
        () => `<trp:GetServiceCapabilitiesResponse${XMLNS}>${REPLAY_CAPABILITIES}</trp:GetServiceCapabilitiesResponse>`,
      ),
    ],
    ['GetReplayUri', op('READ_MEDIA', getReplayUri)],
    [
      'GetReplayConfiguration',
      op(
        'READ_MEDIA',
        (ctx) =>
          `<trp:GetReplayConfigurationResponse${XMLNS}><trp:Configuration><tt:SessionTimeout>PT${device(ctx).replaySessionTimeoutMs / 1000}S</tt:SessionTimeout></trp:Configuration></trp:GetReplayConfigurationResponse>`,
      ),
    ],
    ['SetReplayConfiguration', op('ACTUATE', setReplayConfiguration)],
  ]),
};
