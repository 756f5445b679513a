import type { Quirk } from './quirk.ts';
import { clockSkew } from './kinds/clock-skew.ts';
import { getCapabilitiesOnly } from './kinds/get-capabilities-only.ts';
import { streamUriQuery } from './kinds/stream-uri-query.ts';
import { unauthorizedAsHttp401 } from './kinds/unauthorized-as-http-401.ts';
// RTSP/RTP quirks (the `stream` hook point)
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

/**
 * Every quirk camlab ships, one import line each: model files, personalities, scenarios and
 * `camlab quirks` accept exactly these. Listed in the order `camlab quirks` prints them.
 */
export const QUIRKS: readonly Quirk[] = [
  clockSkew,
  streamUriQuery,
  getCapabilitiesOnly,
  unauthorizedAsHttp401,
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
