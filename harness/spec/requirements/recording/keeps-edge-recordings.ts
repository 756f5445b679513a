import type { Evidence, Requirement } from '../../requirement.ts';
import { hubOfUser } from '../../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
import { recordersOfRun } from '../../evidence/recorder-kept.ts';
import { recorderUseByHub } from '../../evidence/recorder-use.ts';

/**
 * Recording Control calls that destroy what a recorder kept (ONVIF Recording Control Service
 * Specification: DeleteRecording removes a recording with its tracks and data, DeleteTrack a track
 * with its data). Asking is enough: a recorder that lets any client delete is common, and a hub
 * that tries has destroyed evidence wherever one does. Deleting a recording job or changing a
 * configuration stops or reshapes future recording, not what was kept: shown, not failed.
 * A deletion fails whatever else the hub did; a PASS needs a hub seen using the recorders (their
 * recording, search or replay services, or a replay), since one that never touched them has
 * shown nothing about what it would do with their recordings.
 */
export const deletingOperations: readonly string[] = ['DeleteRecording', 'DeleteTrack'];

export const keepsEdgeRecordings: Requirement<{ maxDeletions: number }> = {
  id: 'HUB-REC-03',
  area: 'RECORDING',
  title: 'Never deletes what edge storage or a site recorder kept',
  rationale:
    'Recordings on a camera’s card or a site recorder are evidence in their own right, and often the only copy of what happened while a site was cut off. ' +
    'A hub that fetches them must leave them where they are: it never deletes a recording or a track on a recorder.',
  level: 'MUST',
  side: 'hub',
  params: {
    maxDeletions: {
      default: 0,
      unit: 'count',
      stricter: 'lower',
      description: 'requests to delete a recording or a track on a recorder that a hub may make',
    },
  },
  needs: { observations: ['recording.control', 'recorder.tracks', 'onvif.request', 'rtsp.request'], capabilities: [] },
  traces: [
    { source: 'Force CCTV hub specification (no public test)' },
    { source: 'ONVIF Recording Control Service Specification', feature: 'DeleteRecording, DeleteTrack' },
  ],
  check({ observations, params, run }) {
    const recorders = recordersOfRun(observations);
    if (recorders.size === 0) return notExercised('no recorder (edge storage or site recorder) in this run');
    const asked = new Map<string, { changes: number; deletions: Evidence[] }>();
    for (const hub of run.hubs) asked.set(hub, { changes: 0, deletions: [] });
    for (const o of observations) {
      if (o.kind !== 'recording.control') continue;
      const hub = hubOfUser(run, o.user);
      const tally = hub === undefined ? undefined : asked.get(hub);
      if (hub === undefined || tally === undefined) continue;
      if (!deletingOperations.includes(o.operation)) {
        tally.changes++;
        continue;
      }
      const what =
        o.trackToken !== undefined
          ? `track ${o.trackToken} of ${o.recordingToken ?? 'a recording'}`
          : `recording ${o.recordingToken ?? '(unnamed)'}`;
      const outcome =
        o.outcome === 'applied' ? 'the recorder did it' : `refused${o.fault !== undefined ? ` (${o.fault})` : ''}`;
      const where = o.storage === 'edge' ? `the edge storage of ${o.recorder}` : `site recorder ${o.recorder}`;
      tally.deletions.push({
        hub,
        ...(o.camera !== undefined ? { camera: o.camera } : {}),
        fromMs: o.atMs,
        text: `${o.operation} of ${what} on ${where} at ${formatMs(o.atMs - run.startMs)}: ${outcome}`,
      });
    }
    const used = recorderUseByHub(observations, run);
    let worst = 0;
    const misses: Evidence[] = [];
    const ok: Evidence[] = [];
    const unused: string[] = [];
    for (const [hub, tally] of asked) {
      worst = Math.max(worst, tally.deletions.length);
      if (tally.deletions.length > params.maxDeletions) {
        misses.push(...tally.deletions);
        continue;
      }
      const use = used.get(hub);
      if (use === undefined) {
        unused.push(hub);
        continue;
      }
      ok.push({
        hub,
        text: `used ${use.recorders.size} of the run’s ${recorders.size} recorder(s) (${use.requests} recording, search or replay request(s), ${use.replayRequests} replay RTSP request(s)) and asked for ${tally.deletions.length} deletion(s) and ${tally.changes} other Recording Control call(s) (recording jobs, configurations)`,
      });
    }
    const neverUsed =
      unused.length > 0
        ? `; ${unused.join(', ')} never used a recorder (not judged: nothing seen of what it does with them)`
        : '';
    const measurement = {
      name: 'requests to delete a recording or track on a recorder, per hub',
      value: worst,
      unit: 'count' as const,
      threshold: params.maxDeletions,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `a hub asked recorders to delete recordings ${misses.length} time(s)${neverUsed}`,
        measurement,
        misses.concat(ok),
      );
    if (ok.length === 0)
      return notExercised(
        `no hub used the run’s ${recorders.size} recorder(s): no recording, search or replay request they answered, no replay`,
      );
    return passed(
      `no hub that used the recorders asked one to delete a recording or track (${recorders.size} recorder(s) in the run)${neverUsed}`,
      measurement,
      ok,
    );
  },
};
