import type { BackfillPolicy } from './backfiller.ts';
import type { EventSubscriptionMode } from './pull-point-client.ts';

/**
 * How the mini hub watches its cameras: the knobs each deliberately faulty hub turns the wrong
 * way. Every variant below is the well-behaved policy with one knob turned, so each breaks one
 * thing (harness/hubs/reference/README.md says which requirement each must fail).
 * - reconnect: 'backoff' retries after 1 s doubling to `maxRetryMs`; 'never' gives up after the
 *   first loss; 'tight-loop' retries at once, flat out
 * - watchFrames: notice a stream whose socket stays open but carries no frames (and reconnect)
 * - live: what shows the hub a camera is live: 'pictures' (video frames), or 'any-media' (any
 *   packet of any track, so a stream back with its audio alone counts as live: the pull maps the
 *   audio too, keeps it, and the alarm clears on its packets)
 * - honourRelease: stop pulling when told to release a camera
 * - onvifAuth: how it authenticates ONVIF (stream URI lookup): digest, or PasswordText first
 * - rtspAuth: 'digest' as challenged, or 'basic-first': each pull starts with a DESCRIBE that
 *   carries the password in Basic before the real (digest) pull
 * - profile: which stream it pulls, the configured main stream or the sub stream
 * - alarms: 'frames' raises offline when frames stop and clears when they return; 'pulse' raises
 *   and clears every camera's offline alarm every `alarmPulseMs` whatever the cameras do;
 *   'clear-early' clears a raised alarm after `clearEarlyMs` even though no frame came back
 * - session: 'hold' keeps every stream; 'tear-down' tears each stream down `tearDownAfterMs`
 *   after its first frames and never pulls it again; 'stop-reading' stops reading the socket
 *   then (left open, nothing read)
 * - egress: what its restream carries: 'copy' the camera's frames as they came; 'strip-sei'
 *   without their SEI; 'rewrite-sei' stamped with its own channel names; 'swap-pairs' the
 *   pictures of cameras 1 and 2 (3 and 4, ...) swapped
 * - recordingTime: how its recorder places pictures on a recording's timeline: 'rebased' by the
 *   stream's timestamps, by its own clock where they step back or leap ahead; 'stream' by the
 *   stream's timestamps as they are (a camera's RTP jump moves the recording's timeline)
 * - recordForMs: how long each camera's recording runs before the recorder stops (disk full)
 * - staleNonce: how its RTSP health check answers a stale nonce: 'retry' with the new nonce, or
 *   'give-up' (treats it as a wrong password, stops pulling the camera)
 * - firstPullDelayMs: how long after provisioning (and asking ONVIF for the URI) the first pull starts
 * - egressDelayMs: how long its restream holds each picture before showing it
 * - ptz: send an operator's command to the camera it was for, to the next camera it holds
 *   ('next-camera'), or everything but stop ('skips-stop')
 * - dropBelowRateRatio: react to a pull whose frame rate over the last 3 s falls under this share
 *   of its rate the 5 s before (0: never), as `onSlowStream` says: 'drop' the pull, or fall back
 *   to the sub stream 'sub-for-good'
 * - retryNeverStarted: retry a stream that has never played (one that failed at start) as well
 * - pullsPerStream: how many pulls of the same stream it keeps (2: one to record, one to detect)
 * - backfill: what it does about pictures it missed while a camera was out of reach (backfiller.ts):
 *   'edge' fetches them from the camera's own storage (Profile G search, RTSP replay) and files
 *   them under their capture time; 'none' leaves the hole; 'edge-at-arrival' files them under the
 *   time they arrived; 'edge-then-delete' deletes the recording on the camera once fetched
 * - onvifClock: 'read-each-login' connects the ONVIF client afresh for each lookup (reading the
 *   camera's clock each time); 'learnt-once' keeps the client it first reached the camera with,
 *   and so the clock offset learnt then (as the `onvif` client keeps its timeShift for life)
 * - motion: whether it raises motion alarms from the camera's ONVIF events (a pull point), and
 *   how they end: 'off' (no events), 'until-false' only when the camera says motion ended,
 *   'until-false-or-quiet' also once the camera has said nothing of motion for `motionQuietMs`
 * - followMoves: use WS-Discovery: locate each site's cameras with a multicast Probe scoped to the
 *   site's location before asking them anything, learn each camera's endpoint (from that Probe,
 *   else a directed one) and, when a Hello
 *   announces it (back up at its address, or moved: a Bye from there and a Hello from elsewhere),
 *   ask ONVIF there for the stream URI and pull that if it changed
 * - events: how it keeps each camera's ONVIF event pull point (pull-point-client.ts): 'keep-alive'
 *   pulls, renews and subscribes again after a failure; the others break one of those
 */
export interface PullPolicy {
  reconnect: 'backoff' | 'never' | 'tight-loop';
  watchFrames: boolean;
  live: 'pictures' | 'any-media';
  honourRelease: boolean;
  onvifAuth: 'digest' | 'password-text';
  rtspAuth: 'digest' | 'basic-first';
  profile: 'main' | 'sub';
  alarms: 'frames' | 'pulse' | 'clear-early';
  session: 'hold' | 'tear-down' | 'stop-reading';
  egress: 'copy' | 'strip-sei' | 'rewrite-sei' | 'swap-pairs';
  recordForMs: number;
  recordingTime: 'rebased' | 'stream';
  staleNonce: 'retry' | 'give-up';
  firstPullDelayMs: number;
  egressDelayMs: number;
  dropBelowRateRatio: number;
  onSlowStream: 'drop' | 'sub-for-good';
  ptz: 'right-camera' | 'next-camera' | 'skips-stop';
  retryNeverStarted: boolean;
  pullsPerStream: 1 | 2;
  followMoves: boolean;
  backfill: BackfillPolicy;
  events: EventSubscriptionMode;
  onvifClock: 'read-each-login' | 'learnt-once';
  motion: 'off' | 'until-false' | 'until-false-or-quiet';
  motionQuietMs: number;
  /** No new frame for this long means the stream is gone (alarm; reconnect when watching frames). */
  stallMs: number;
  /** A fresh pull may take this long to its first frame (connect, DESCRIBE, probing) before it counts as stalled. */
  startupMs: number;
  firstRetryMs: number;
  maxRetryMs: number;
  /** 'tight-loop' still yields this long so it does not spin the CPU of the machine running it. */
  tightRetryMs: number;
  alarmPulseMs: number;
  clearEarlyMs: number;
  tearDownAfterMs: number;
  /** How often the RTSP health check (OPTIONS with digest) runs per camera. */
  healthCheckMs: number;
}

export const wellBehavedPolicy: PullPolicy = {
  reconnect: 'backoff',
  watchFrames: true,
  live: 'pictures',
  honourRelease: true,
  onvifAuth: 'digest',
  rtspAuth: 'digest',
  profile: 'main',
  alarms: 'frames',
  session: 'hold',
  egress: 'copy',
  recordForMs: Number.POSITIVE_INFINITY,
  recordingTime: 'rebased',
  staleNonce: 'retry',
  firstPullDelayMs: 0,
  egressDelayMs: 0,
  dropBelowRateRatio: 0,
  onSlowStream: 'drop',
  ptz: 'right-camera',
  retryNeverStarted: true,
  pullsPerStream: 1,
  followMoves: true,
  backfill: 'edge',
  events: 'keep-alive',
  onvifClock: 'read-each-login',
  motion: 'off',
  motionQuietMs: 10_000,
  stallMs: 5_000,
  startupMs: 15_000,
  firstRetryMs: 1_000,
  maxRetryMs: 5_000,
  tightRetryMs: 20,
  alarmPulseMs: 5_000,
  clearEarlyMs: 3_000,
  tearDownAfterMs: 3_000,
  healthCheckMs: 4_000,
};

/** The mini hubs: one well-behaved, and one per fault it is built to have. */
export const miniHubVariants = {
  'well-behaved': wellBehavedPolicy,
  'never-reconnects': { ...wellBehavedPolicy, reconnect: 'never' },
  'password-text': { ...wellBehavedPolicy, onvifAuth: 'password-text' },
  'tight-loop': { ...wellBehavedPolicy, reconnect: 'tight-loop' },
  'never-releases': { ...wellBehavedPolicy, honourRelease: false },
  'ignores-frozen': { ...wellBehavedPolicy, watchFrames: false },
  'accepts-audio-only': { ...wellBehavedPolicy, live: 'any-media' },
  'basic-rtsp': { ...wellBehavedPolicy, rtspAuth: 'basic-first' },
  'stays-on-sub': { ...wellBehavedPolicy, profile: 'sub' },
  'pulses-alarms': { ...wellBehavedPolicy, alarms: 'pulse' },
  'clears-alarms-early': { ...wellBehavedPolicy, alarms: 'clear-early' },
  'tears-down': { ...wellBehavedPolicy, session: 'tear-down' },
  'stops-reading': { ...wellBehavedPolicy, session: 'stop-reading' },
  'strips-sei': { ...wellBehavedPolicy, egress: 'strip-sei' },
  'rewrites-sei': { ...wellBehavedPolicy, egress: 'rewrite-sei' },
  'swaps-pictures': { ...wellBehavedPolicy, egress: 'swap-pairs' },
  'stops-recording': { ...wellBehavedPolicy, recordForMs: 10_000 },
  'gives-up-on-stale-nonce': { ...wellBehavedPolicy, staleNonce: 'give-up' },
  'slow-to-pull': { ...wellBehavedPolicy, firstPullDelayMs: 25_000 },
  'lags-restream': { ...wellBehavedPolicy, egressDelayMs: 4_000 },
  'steers-wrong-camera': { ...wellBehavedPolicy, ptz: 'next-camera' },
  'skips-ptz-stop': { ...wellBehavedPolicy, ptz: 'skips-stop' },
  'drops-to-sub': { ...wellBehavedPolicy, dropBelowRateRatio: 0.5, onSlowStream: 'sub-for-good' },
  fragile: { ...wellBehavedPolicy, reconnect: 'never', stallMs: 1_500, dropBelowRateRatio: 0.5 },
  'gives-up-at-start': { ...wellBehavedPolicy, retryNeverStarted: false },
  'double-pull': { ...wellBehavedPolicy, pullsPerStream: 2 },
  'ignores-moves': { ...wellBehavedPolicy, followMoves: false },
  'no-backfill': { ...wellBehavedPolicy, backfill: 'none' },
  'misfiles-backfill': { ...wellBehavedPolicy, backfill: 'edge-at-arrival' },
  'deletes-edge-recordings': { ...wellBehavedPolicy, backfill: 'edge-then-delete' },
  'never-subscribes': { ...wellBehavedPolicy, events: 'none' },
  'never-pulls': { ...wellBehavedPolicy, events: 'subscribe-only' },
  'never-renews': { ...wellBehavedPolicy, events: 'pull-once' },
  'never-resubscribes': { ...wellBehavedPolicy, events: 'same-address' },
  'keeps-clock-offset': { ...wellBehavedPolicy, onvifClock: 'learnt-once' },
  'trusts-rtp-time': { ...wellBehavedPolicy, recordingTime: 'stream' },
  'watches-motion': { ...wellBehavedPolicy, motion: 'until-false-or-quiet' },
  'waits-for-motion-false': { ...wellBehavedPolicy, motion: 'until-false' },
} as const satisfies Record<string, PullPolicy>;

export type MiniHubVariant = keyof typeof miniHubVariants;
