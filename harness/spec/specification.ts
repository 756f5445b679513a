import type { Requirement } from './requirement.ts';
import { hubProbesForDevices } from './requirements/discovery/hub-probes-for-devices.ts';
import { hubContactsDiscovered } from './requirements/discovery/hub-contacts-discovered.ts';
import { onvifDigestOnly } from './requirements/auth/onvif-digest-only.ts';
import { rtspDigestOnly } from './requirements/auth/rtsp-digest-only.ts';
import { survivesChallenge } from './requirements/auth/survives-challenge.ts';
import { survivesStaleNonce } from './requirements/auth/survives-stale-nonce.ts';
import { logsInAfterClockJump } from './requirements/auth/logs-in-after-clock-jump.ts';
import { pullsAllCameras } from './requirements/stream/pulls-all-cameras.ts';
import { keepsSessionsAlive } from './requirements/stream/keeps-sessions-alive.ts';
import { receivesFramesSent } from './requirements/stream/receives-frames-sent.ts';
import { egressLatency } from './requirements/stream/egress-latency.ts';
import { noStreamMixups } from './requirements/stream/no-stream-mixups.ts';
import { onvifMediaStreaming } from './requirements/stream/onvif-media-streaming.ts';
import { keepsCamerasWatched } from './requirements/stream/keeps-cameras-watched.ts';
import { pullPointEvents } from './requirements/events/pull-point-events.ts';
import { keepsSubscriptionsAlive } from './requirements/events/keeps-subscriptions-alive.ts';
import { resubscribesAfterReboot } from './requirements/events/resubscribes-after-reboot.ts';
import { endsMotionAlarm } from './requirements/events/ends-motion-alarm.ts';
import { offlineAlarm } from './requirements/resilience/offline-alarm.ts';
import { frozenStreamAlarm } from './requirements/resilience/frozen-stream-alarm.ts';
import { reconnectsAfterOutage } from './requirements/resilience/reconnects-after-outage.ts';
import { clearsAlarm } from './requirements/resilience/clears-alarm.ts';
import { boundedReconnectRate } from './requirements/resilience/bounded-reconnect-rate.ts';
import { noReconnectStorm } from './requirements/resilience/no-reconnect-storm.ts';
import { survivesReboot } from './requirements/resilience/survives-reboot.ts';
import { followsChangedUri } from './requirements/resilience/follows-changed-uri.ts';
import { noFalseOfflineAlarms } from './requirements/resilience/no-false-offline-alarms.ts';
import { recoversAfter453 } from './requirements/resilience/recovers-after-453.ts';
import { retriesFailedStart } from './requirements/resilience/retries-failed-start.ts';
import { oneSessionPerProfile } from './requirements/stream/one-session-per-profile.ts';
import { commandsReachCamera } from './requirements/ptz/commands-reach-camera.ts';
import { stopHonoured } from './requirements/ptz/stop-honoured.ts';
import { survivesCap } from './requirements/bandwidth/survives-cap.ts';
import { movesToSubStream } from './requirements/bandwidth/moves-to-sub-stream.ts';
import { recoversFrameRate } from './requirements/bandwidth/recovers-frame-rate.ts';
import { survivesLoss } from './requirements/bandwidth/survives-loss.ts';
import { receivingHubPulls } from './requirements/handover/receiving-hub-pulls.ts';
import { monitoringGap } from './requirements/handover/monitoring-gap.ts';
import { releasingHubLetsGo } from './requirements/handover/releasing-hub-lets-go.ts';
import { gapsOnlyInOutages } from './requirements/recording/gaps-only-in-outages.ts';
import { backfillsMissedInterval } from './requirements/recording/backfills-missed-interval.ts';
import { keepsEdgeRecordings } from './requirements/recording/keeps-edge-recordings.ts';
import { recordingsCarryCaptureTime } from './requirements/recording/recordings-carry-capture-time.ts';
import { keepsOneTimeline } from './requirements/recording/keeps-one-timeline.ts';
import { noSessionDrops } from './requirements/load/no-session-drops.ts';
import { cameraSideDelivery } from './requirements/load/camera-side-delivery.ts';
import { concurrentStreamsHeld } from './requirements/load/concurrent-streams-held.ts';
import { camCoreOperations } from './requirements/device/core-operations.ts';
import { camDigestAuth } from './requirements/device/digest-auth.ts';
import { camRejectsPasswordText } from './requirements/device/rejects-password-text.ts';
import { camAnswersDiscovery } from './requirements/device/answers-discovery.ts';
import { camMediaProfiles } from './requirements/device/media-profiles.ts';
import { camMedia2Streaming } from './requirements/device/media2-streaming.ts';
import { camRtspStreams } from './requirements/device/rtsp-streams.ts';
import { camRtspRequiresAuth } from './requirements/device/rtsp-requires-auth.ts';
import { camSnapshot } from './requirements/device/snapshot.ts';
import { camPtzMoveStop } from './requirements/device/ptz-move-stop.ts';
import { camPullPointEvents } from './requirements/device/pull-point-events.ts';
import { camSchemaValidAnswers } from './requirements/device/schema-valid-answers.ts';

/**
 * The single specification: every requirement a hub (HUB-…) or a device (CAM-…) is judged
 * against. The version changes whenever a requirement, default or check changes meaning, so a
 * report always says which text it was judged by.
 */
export const specification: { version: string; requirements: Requirement[] } = {
  version: '2026.12',
  requirements: [
    hubProbesForDevices,
    hubContactsDiscovered,
    onvifDigestOnly,
    rtspDigestOnly,
    survivesChallenge,
    survivesStaleNonce,
    logsInAfterClockJump,
    pullsAllCameras,
    keepsSessionsAlive,
    receivesFramesSent,
    egressLatency,
    noStreamMixups,
    onvifMediaStreaming,
    keepsCamerasWatched,
    oneSessionPerProfile,
    pullPointEvents,
    keepsSubscriptionsAlive,
    endsMotionAlarm,
    resubscribesAfterReboot,
    offlineAlarm,
    frozenStreamAlarm,
    reconnectsAfterOutage,
    clearsAlarm,
    boundedReconnectRate,
    noReconnectStorm,
    survivesReboot,
    followsChangedUri,
    noFalseOfflineAlarms,
    recoversAfter453,
    retriesFailedStart,
    commandsReachCamera,
    stopHonoured,
    survivesCap,
    movesToSubStream,
    recoversFrameRate,
    survivesLoss,
    receivingHubPulls,
    monitoringGap,
    releasingHubLetsGo,
    gapsOnlyInOutages,
    backfillsMissedInterval,
    keepsEdgeRecordings,
    recordingsCarryCaptureTime,
    keepsOneTimeline,
    noSessionDrops,
    cameraSideDelivery,
    concurrentStreamsHeld,
    camCoreOperations,
    camDigestAuth,
    camRejectsPasswordText,
    camAnswersDiscovery,
    camMediaProfiles,
    camMedia2Streaming,
    camRtspStreams,
    camRtspRequiresAuth,
    camSnapshot,
    camPtzMoveStop,
    camPullPointEvents,
    camSchemaValidAnswers,
  ] as Requirement[],
};

export function findRequirement(id: string): Requirement | undefined {
  return specification.requirements.find((r) => r.id === id);
}
