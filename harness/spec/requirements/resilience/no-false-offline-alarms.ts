import type { Evidence, Requirement } from '../../requirement.ts';
import { assignments } from '../../evidence/assignments.ts';
import { backMs, cameraDisruptions, offlineAlarmSpans } from '../../evidence/alarm-state.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';

/** A fleet in worker threads changes a camera a moment before its fault's 'applied' is recorded. */
const applyLagMs = 2_000;

export const noFalseOfflineAlarms: Requirement<{ graceMs: number; maxFalseAlarms: number }> = {
  id: 'HUB-RES-09',
  area: 'RESILIENCE',
  title: 'No offline alarm for a camera that was serving',
  rationale:
    'False alarms cost a control room its trust in alarms, and a hub that raises and clears alarms at random would otherwise pass every alarm requirement on luck. Every picture-lost alarm must coincide with an injected disruption of that camera. A MUST since 2026.12 (a SHOULD before): with alarms judged as state, this is the half of the judgement that keeps a hub from alarming everything.',
  level: 'MUST',
  side: 'hub',
  params: {
    graceMs: {
      default: 30_000,
      unit: 'ms',
      stricter: 'lower',
      description:
        "after a camera is back from a disruption, an alarm raised this late still counts as the disruption's",
    },
    maxFalseAlarms: {
      default: 0,
      unit: 'count',
      stricter: 'lower',
      description: 'picture-lost alarms raised on cameras that were serving',
    },
  },
  needs: { observations: ['hub.alarm', 'fault.applied'], capabilities: ['alarms'] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const disruptions = cameraDisruptions(observations, run);
    const explained = (camera: string, atMs: number) =>
      disruptions.some(
        (d) => d.camera === camera && d.fromMs - applyLagMs <= atMs && atMs <= backMs(d) + params.graceMs,
      );
    const spans = offlineAlarmSpans(observations);
    const falseAlarms = spans.filter((a) => !explained(a.camera, a.raisedMs));
    const measurement = {
      name: 'picture-lost alarms raised on a camera that was serving',
      value: falseAlarms.length,
      unit: 'count' as const,
      threshold: params.maxFalseAlarms,
      op: '<=' as const,
    };
    const falseEvidence: Evidence[] = falseAlarms.map((a) => ({
      camera: a.camera,
      hub: a.hub,
      atMs: a.raisedMs,
      ...(a.clearedMs !== undefined ? { toMs: a.clearedMs } : {}),
      text: `${a.names.join(', ')} raised while the camera was serving (no disruption within ${formatMs(params.graceMs)})`,
    }));
    if (falseAlarms.length > params.maxFalseAlarms)
      return failed(
        `${falseAlarms.length} offline alarm(s) on cameras that were serving (at most ${params.maxFalseAlarms} allowed)`,
        measurement,
        falseEvidence,
      );
    // The hub was watched for false alarms over every camera it was given: that is the evidence, alarms or none.
    const watched = assignments(observations, run).filter((a) => (a.toMs ?? run.endMs) > a.fromMs);
    if (watched.length === 0) return notExercised('no camera was assigned to a hub, so no alarm could be false');
    const hubs = new Set(watched.map((a) => a.hub));
    const cameraSeconds = watched.reduce((n, a) => n + ((a.toMs ?? run.endMs) - a.fromMs) / 1000, 0);
    const summary: Evidence = {
      text: `${spans.length} picture-lost alarm(s) from ${[...hubs].join(', ')} over ${Math.round(cameraSeconds)} camera-seconds of monitoring; ${falseAlarms.length} on a camera that was serving`,
    };
    return passed(
      `${falseAlarms.length} false offline alarm(s) (at most ${params.maxFalseAlarms} allowed)`,
      measurement,
      [summary, ...falseEvidence],
    );
  },
};
