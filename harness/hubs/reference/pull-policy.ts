/**
 * How a mini hub pulls one camera: the knobs each deliberately faulty hub turns the wrong way.
 * - reconnect: 'backoff' retries after 1 s doubling to `maxRetryMs`; 'never' gives up after the
 *   first loss; 'tight-loop' retries at once, flat out
 * - watchFrames: notice a stream whose socket stays open but carries no frames (and reconnect)
 * - honourRelease: stop pulling when told to release a camera
 * - onvifAuth: how it authenticates ONVIF (stream URI lookup): digest, or PasswordText first
 * - retryNeverStarted: retry a stream that has never played (one that failed at start) as well
 * - pullsPerStream: how many pulls of the same stream it keeps (2: one to record, one to detect)
 */
export interface PullPolicy {
  reconnect: 'backoff' | 'never' | 'tight-loop';
  watchFrames: boolean;
  honourRelease: boolean;
  onvifAuth: 'digest' | 'password-text';
  retryNeverStarted: boolean;
  pullsPerStream: 1 | 2;
  /** No new frame for this long means the stream is gone (alarm; reconnect when watching frames). */
  stallMs: number;
  /** A fresh pull may take this long to its first frame (connect, DESCRIBE, probing) before it counts as stalled. */
  startupMs: number;
  firstRetryMs: number;
  maxRetryMs: number;
  /** 'tight-loop' still yields this long so it does not spin the CPU of the machine running it. */
  tightRetryMs: number;
}

export const wellBehavedPolicy: PullPolicy = {
  reconnect: 'backoff',
  watchFrames: true,
  honourRelease: true,
  onvifAuth: 'digest',
  retryNeverStarted: true,
  pullsPerStream: 1,
  stallMs: 5_000,
  startupMs: 15_000,
  firstRetryMs: 1_000,
  maxRetryMs: 5_000,
  tightRetryMs: 20,
};

/** The mini hubs: one well-behaved, and one per fault it is built to have. */
export const miniHubVariants = {
  'well-behaved': wellBehavedPolicy,
  'never-reconnects': { ...wellBehavedPolicy, reconnect: 'never' },
  'password-text': { ...wellBehavedPolicy, onvifAuth: 'password-text' },
  'tight-loop': { ...wellBehavedPolicy, reconnect: 'tight-loop' },
  'never-releases': { ...wellBehavedPolicy, honourRelease: false },
  'ignores-frozen': { ...wellBehavedPolicy, watchFrames: false },
  'gives-up-at-start': { ...wellBehavedPolicy, retryNeverStarted: false },
  'double-pull': { ...wellBehavedPolicy, pullsPerStream: 2 },
} as const satisfies Record<string, PullPolicy>;

export type MiniHubVariant = keyof typeof miniHubVariants;
