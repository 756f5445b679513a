import type { Quirk } from './quirk.ts';
import { anyPassword } from './kinds/any-password.ts';
import { clockResetOnBoot } from './kinds/clock-reset-on-boot.ts';
import { clockSkew } from './kinds/clock-skew.ts';
import { dripFedAnswers } from './kinds/drip-fed-answers.ts';
import { duplicateProbeMatches } from './kinds/duplicate-probe-matches.ts';
import { eventsNeverDelivered } from './kinds/events-never-delivered.ts';
import { getCapabilitiesOnly } from './kinds/get-capabilities-only.ts';
import { gsoapPrefixes } from './kinds/gsoap-prefixes.ts';
import { lateProbeMatches } from './kinds/late-probe-matches.ts';
import { malformedXml } from './kinds/malformed-xml.ts';
import { media2SourceTokensDiffer } from './kinds/media2-source-tokens-differ.ts';
import { motionNeverClears } from './kinds/motion-never-clears.ts';
import { motionStateShape } from './kinds/motion-state-shape.ts';
import { motionTopicOnly } from './kinds/motion-topic-only.ts';
import { natXAddrs } from './kinds/nat-xaddrs.ts';
import { noAuthentication } from './kinds/no-authentication.ts';
import { noMetadataVersion } from './kinds/no-metadata-version.ts';
import { noUnicastProbeReply } from './kinds/no-unicast-probe-reply.ts';
import { notImplemented500 } from './kinds/not-implemented-500.ts';
import { optionalActionNotSupported } from './kinds/optional-action-not-supported.ts';
import { oversizedAnswers } from './kinds/oversized-answers.ts';
import { ptzNeverMoves } from './kinds/ptz-never-moves.ts';
import { rebootOnRequestFlood } from './kinds/reboot-on-request-flood.ts';
import { renewFails } from './kinds/renew-fails.ts';
import { schemaInvalidXml } from './kinds/schema-invalid-xml.ts';
import { slowAnswers } from './kinds/slow-answers.ts';
import { snapshotWithoutCredentials } from './kinds/snapshot-without-credentials.ts';
import { soap11Answers } from './kinds/soap-11-answers.ts';
import { staleXAddrsAfterReaddress } from './kinds/stale-xaddrs-after-readdress.ts';
import { streamUriQuery } from './kinds/stream-uri-query.ts';
import { subscriptionGone404 } from './kinds/subscription-gone-404.ts';
import { subscriptionManagerOwnPort } from './kinds/subscription-manager-own-port.ts';
import { subscriptionSlots } from './kinds/subscription-slots.ts';
import { unauthorizedAsHttp401 } from './kinds/unauthorized-as-http-401.ts';
import { unreachableXAddrFirst } from './kinds/unreachable-xaddr-first.ts';
import { wsdAddressing2005 } from './kinds/wsd-addressing-2005.ts';
// RTSP and RTP (issue 13b)
import { rtspSessionCap } from './kinds/rtsp-session-cap.ts';
import { describeFailsAtStart } from './kinds/describe-fails-at-start.ts';
import { sdpWithoutParameterSets } from './kinds/sdp-without-parameter-sets.ts';
import { parameterSetsOnlyInSdp } from './kinds/parameter-sets-only-in-sdp.ts';
import { noRtcpSenderReports } from './kinds/no-rtcp-sender-reports.ts';
import { slowFirstKeyframe } from './kinds/slow-first-keyframe.ts';
import { rtpTimestampWrap } from './kinds/rtp-timestamp-wrap.ts';
import { rtpFromBoot } from './kinds/rtp-from-boot.ts';
import { rtpDiscontinuity } from './kinds/rtp-discontinuity.ts';
import { frozenPicture } from './kinds/frozen-picture.ts';
import { damagedNalUnits } from './kinds/damaged-nal-units.ts';
import { audioOnlyAfterReconnect } from './kinds/audio-only-after-reconnect.ts';

/**
 * Every quirk camlab ships, one import line and one entry each: model files, personalities,
 * scenarios and `camlab quirks` accept exactly these, listed in this order.
 */
export const QUIRKS: readonly Quirk[] = [
  // ONVIF over HTTP: requests and answers
  clockSkew,
  clockResetOnBoot,
  streamUriQuery,
  getCapabilitiesOnly,
  optionalActionNotSupported,
  notImplemented500,
  unauthorizedAsHttp401,
  soap11Answers,
  gsoapPrefixes,
  natXAddrs,
  media2SourceTokensDiffer,
  slowAnswers,
  dripFedAnswers,
  oversizedAnswers,
  rebootOnRequestFlood,
  // WS-Discovery
  wsdAddressing2005,
  noMetadataVersion,
  lateProbeMatches,
  duplicateProbeMatches,
  unreachableXAddrFirst,
  staleXAddrsAfterReaddress,
  noUnicastProbeReply,
  // Events
  subscriptionSlots,
  subscriptionGone404,
  subscriptionManagerOwnPort,
  renewFails,
  motionNeverClears,
  motionStateShape,
  motionTopicOnly,
  eventsNeverDelivered,
  // Device breakages a hub must refuse or report (the probe shows each CAM requirement failing)
  noAuthentication,
  anyPassword,
  snapshotWithoutCredentials,
  ptzNeverMoves,
  malformedXml,
  schemaInvalidXml,
  // RTSP and RTP (issue 13b)
  rtspSessionCap,
  describeFailsAtStart,
  sdpWithoutParameterSets,
  parameterSetsOnlyInSdp,
  noRtcpSenderReports,
  slowFirstKeyframe,
  rtpTimestampWrap,
  rtpFromBoot,
  rtpDiscontinuity,
  frozenPicture,
  damagedNalUnits,
  audioOnlyAfterReconnect,
];

const byId = new Map<string, Quirk>();
for (const q of QUIRKS) {
  if (byId.has(q.id)) throw new Error(`quirk '${q.id}' is registered twice`);
  byId.set(q.id, q);
}

export function findQuirk(id: string): Quirk | undefined {
  return byId.get(id);
}

export function quirkIds(): string[] {
  return QUIRKS.map((q) => q.id);
}
