import type { Evidence, Requirement } from '../../requirement.ts';
import { hubOfUser } from '../../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
import { recordersOfRun } from '../../evidence/recorder-kept.ts';

/**
 * Recording Control operations that destroy what a recorder kept (ONVIF Recording Control
 * Service Specification: DeleteRecording removes a recording with its tracks and data,
 * DeleteTrack a track with its data). Asking is enough: a recorder that lets any client delete
 * is common, and a hub that tries has destroyed evidence wherever one does.
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
  needs: { observations: ['onvif.request', 'recorder.kept'], capabilities: [] },
  traces: [
    { source: 'Force CCTV hub specification (no public test)' },
    { source: 'ONVIF Recording Control Service Specification', feature: 'DeleteRecording, DeleteTrack' },
  ],
  check({ observations, params, run }) {
    const recorders = recordersOfRun(observations);
    if (recorders.size === 0) return notExercised('no recorder (edge storage or site recorder) in this run');
    const asked = new Map<string, { requests: number; recorders: Set<string>; deletions: Evidence[] }>();
    for (const hub of run.hubs) asked.set(hub, { requests: 0, recorders: new Set(), deletions: [] });
    for (const o of observations) {
      if (o.kind !== 'onvif.request' || !recorders.has(o.camera)) continue;
      const hub = hubOfUser(run, o.user);
      const tally = hub === undefined ? undefined : asked.get(hub);
      if (hub === undefined || tally === undefined) continue;
      tally.requests++;
      tally.recorders.add(o.camera);
      if (deletingOperations.includes(o.operation)) {
        const outcome =
          o.httpStatus === 200 && o.fault === undefined
            ? 'the recorder did it'
            : `refused (HTTP ${o.httpStatus}${o.fault ? ` ${o.fault}` : ''})`;
        tally.deletions.push({
          hub,
          camera: o.camera,
          fromMs: o.atMs,
          text: `${o.operation} on recorder ${o.camera} at ${formatMs(o.atMs - run.startMs)}: ${outcome}`,
        });
      }
    }
    let worst = 0;
    const misses: Evidence[] = [];
    const ok: Evidence[] = [];
    for (const [hub, tally] of asked) {
      worst = Math.max(worst, tally.deletions.length);
      if (tally.deletions.length > params.maxDeletions) misses.push(...tally.deletions);
      else
        ok.push({
          hub,
          text: `${tally.requests} request(s) to ${tally.recorders.size} of the run’s ${recorders.size} recorder(s), ${tally.deletions.length} deleting a recording or track`,
        });
    }
    const measurement = {
      name: 'requests to delete a recording or track on a recorder, per hub',
      value: worst,
      unit: 'count' as const,
      threshold: params.maxDeletions,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `a hub asked recorders to delete recordings ${misses.length} time(s)`,
        measurement,
        misses.concat(ok),
      );
    return passed(
      `no hub asked a recorder to delete a recording or track (${recorders.size} recorder(s) in the run)`,
      measurement,
      ok,
    );
  },
};
