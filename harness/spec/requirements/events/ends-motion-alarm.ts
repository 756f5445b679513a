import type { Observation } from '../../../../simulators/observations/observation.ts';
import type { Evidence, Requirement } from '../../requirement.ts';
import { hubsMonitoring } from '../../evidence/assignments.ts';
import { windowsOfKind } from '../../evidence/fault-windows.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';

/** The fault kinds that put motion in front of a camera for their duration. */
const motionFaultKinds: readonly string[] = ['motion'];
/** A hub's motion alarm raised this soon before the motion's fault was applied is still that motion's (the camera's event may beat the fault record). */
const raiseLeadMs = 2_000;

interface MotionSpan {
  raisedMs: number;
  clearedMs?: number;
}

/** A hub's motion alarm over time for one camera: raised to cleared, in order. */
function motionSpans(observations: readonly Observation[], hub: string, camera: string): MotionSpan[] {
  const spans: MotionSpan[] = [];
  let open: MotionSpan | undefined;
  for (const o of observations) {
    if (o.kind !== 'hub.alarm' || o.alarmKind !== 'motion' || o.hub !== hub || o.camera !== camera) continue;
    if (o.state === 'raised' && open === undefined) spans.push((open = { raisedMs: o.atMs }));
    else if (o.state === 'cleared' && open !== undefined) {
      open.clearedMs = o.atMs;
      open = undefined;
    }
  }
  return spans;
}

export const endsMotionAlarm: Requirement<{ clearWithinMs: number }> = {
  id: 'HUB-EVT-03',
  area: 'EVENTS',
  title: 'Ends the motion alarm when motion ends',
  rationale:
    'Cameras announce the start of motion and often never its end: the IsMotion=false is not sent, or comes in a shape the hub does not read. A hub that waits for it keeps the alarm on for good, and an operator looking at a camera that always shows motion stops looking. When the motion in front of a camera ends, the hub’s motion alarm for it must end too, whatever the camera says.',
  level: 'MUST',
  side: 'hub',
  params: {
    clearWithinMs: {
      default: 60_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the end of the motion to the end of the hub’s motion alarm',
    },
  },
  needs: { observations: ['fault.applied', 'hub.alarm'], capabilities: ['alarms'] },
  traces: [
    {
      source:
        'Failure mode: motion stuck "on", IsMotion=false never sent or in an unexpected shape (home-assistant/core#146500, fwestenberg/reolink_dev#265; quirks motion-never-clears, motion-state-shape)',
    },
    { source: 'Force CCTV hub specification (no public test)' },
  ],
  check({ observations, params, run }) {
    const motions = windowsOfKind(observations, motionFaultKinds);
    if (motions.length === 0) return notExercised('no motion was put in front of a camera (the motion fault)');
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    let unraised = 0;
    let cut = 0;
    for (const w of motions) {
      if (w.toMs === undefined) continue;
      const endMs = w.toMs;
      for (const camera of w.cameras) {
        for (const hub of hubsMonitoring(observations, run, camera, w.fromMs)) {
          const span = motionSpans(observations, hub, camera).find(
            (sp) => sp.raisedMs >= w.fromMs - raiseLeadMs && sp.raisedMs <= endMs,
          );
          if (span === undefined) {
            unraised++;
            continue;
          }
          const clearedMs = span.clearedMs ?? run.endMs;
          const lateMs = Math.max(0, clearedMs - endMs);
          if (span.clearedMs === undefined && lateMs <= params.clearWithinMs) {
            cut++;
            continue;
          }
          worst = Math.max(worst, lateMs);
          const base = { camera, hub, fromMs: span.raisedMs, toMs: clearedMs };
          if (lateMs > params.clearWithinMs)
            misses.push({
              ...base,
              text:
                span.clearedMs === undefined
                  ? `motion alarm still on ${formatMs(lateMs)} after the motion ended, at the end of the run`
                  : `motion alarm ended ${formatMs(lateMs)} after the motion did`,
            });
          else
            ok.push({
              ...base,
              text: `motion alarm raised ${formatMs(span.raisedMs - w.fromMs)} after the motion began, ended ${formatMs(lateMs)} after it did`,
            });
        }
      }
    }
    const measurement = {
      name: 'longest motion alarm past the end of the motion',
      value: worst,
      unit: 'ms' as const,
      threshold: params.clearWithinMs,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(`${misses.length} motion alarm(s) stayed on after the motion ended`, measurement, [
        ...misses,
        ...ok,
      ]);
    if (ok.length === 0) {
      if (cut > 0)
        return notExercised('the run ended too soon after the motion to tell whether the hub’s motion alarm ends');
      return notExercised(
        unraised > 0
          ? 'the hub raised no motion alarm for the motion in front of its cameras'
          : 'no motion ended while a hub monitored the camera',
      );
    }
    return passed(`${ok.length} motion alarm(s) ended with the motion`, measurement, ok);
  },
};
