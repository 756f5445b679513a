import type { RecordingClientChange } from '../onvif/services/profile-g.ts';
import type { RecordingControlObservation } from '../observations/observation.ts';
import type { DeviceRecordings } from './device-recordings.ts';

/**
 * A client's Recording Control call as the run records it: which device, what it asked, whether
 * the device did it. Deleting calls are `delete`; every other (Create, Set) changes what the
 * device keeps or how it records.
 */
export function recordingControlObservation(
  recordings: DeviceRecordings,
  change: RecordingClientChange,
): RecordingControlObservation {
  const camera = change.recordingToken === undefined ? undefined : recordings.cameraOf(change.recordingToken);
  return {
    kind: 'recording.control',
    atMs: change.atMs,
    recorder: recordings.deviceId,
    storage: recordings.storage,
    client: change.client,
    ...(change.user === undefined ? {} : { user: change.user }),
    operation: change.operation,
    effect: change.operation.startsWith('Delete') ? 'delete' : 'change',
    ...(change.recordingToken === undefined ? {} : { recordingToken: change.recordingToken }),
    ...(change.trackToken === undefined ? {} : { trackToken: change.trackToken }),
    ...(change.jobToken === undefined ? {} : { jobToken: change.jobToken }),
    ...(camera === undefined ? {} : { camera }),
    outcome: change.outcome === 'done' ? 'applied' : 'refused',
    ...(change.fault === undefined ? {} : { fault: change.fault }),
  };
}
