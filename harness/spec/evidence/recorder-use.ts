import type { Observation } from '../../../simulators/observations/observation.ts';
import { replayPath } from '../../../simulators/recording/recorded-track.ts';
import type { RunFacts } from '../requirement.ts';
import { hubOfUser } from './hub-users.ts';
import { recordersOfRun } from './recorder-kept.ts';

/** The ONVIF services a client reads or changes a recorder's recordings through (Profile G). */
export const recordingServices: readonly string[] = ['recording', 'search', 'replay'];

/** What one hub was seen doing with the run's recorders. */
export interface RecorderUse {
  /** The recorders (device ids) it used. */
  recorders: Set<string>;
  /** Recording, search and replay service requests the recorders answered with success. */
  requests: number;
  /** RTSP requests on a replay URL the recorders answered with success. */
  replayRequests: number;
}

const REPLAY_PREFIX = replayPath('');

/** Whether an RTSP request URL (absolute or a bare path) names a recording to replay. */
function isReplayUrl(url: string): boolean {
  const path = url.replace(/^rtsps?:\/\/[^/?]*/i, '');
  return path.startsWith(REPLAY_PREFIX);
}

const answered = (status: number): boolean => status >= 200 && status < 300;

/**
 * Per hub (by its camera-side user), its use of the run's recorders as the recorders saw it:
 * requests to their recording, search or replay services they answered (a refused request used
 * nothing), and replay sessions' RTSP requests they answered. Only hubs that used a recorder
 * appear. A hub that never used one has shown nothing about what it does with their recordings.
 */
export function recorderUseByHub(observations: readonly Observation[], run: RunFacts): Map<string, RecorderUse> {
  const recorders = recordersOfRun(observations);
  const out = new Map<string, RecorderUse>();
  const useOf = (user: string | undefined, recorder: string): RecorderUse | undefined => {
    if (!recorders.has(recorder)) return undefined;
    const hub = hubOfUser(run, user);
    if (hub === undefined) return undefined;
    let use = out.get(hub);
    if (use === undefined) out.set(hub, (use = { recorders: new Set(), requests: 0, replayRequests: 0 }));
    use.recorders.add(recorder);
    return use;
  };
  for (const o of observations) {
    if (o.kind === 'onvif.request') {
      if (!recordingServices.includes(o.service) || !answered(o.httpStatus) || o.fault !== undefined) continue;
      const use = useOf(o.user, o.camera);
      if (use !== undefined) use.requests++;
    } else if (o.kind === 'rtsp.request') {
      if (!answered(o.status) || !isReplayUrl(o.url)) continue;
      const use = useOf(o.user, o.camera);
      if (use !== undefined) use.replayRequests++;
    }
  }
  return out;
}
