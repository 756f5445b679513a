import type { AlarmKind } from '../../../simulators/observations/observation.ts';
import type { ZmMonitorState } from './zoneminder-api.ts';

/** One alarm transition of a monitor, as the adapter records it. */
export interface ZmAlarmTransition {
  monitorId: number;
  state: 'raised' | 'cleared';
  alarmKind: AlarmKind;
  /** ZoneMinder's own words for it: the Monitor_Status.Status it read. */
  alarm: string;
}

/**
 * ZoneMinder has no alarm for a lost camera; it shows it in Monitor_Status: 'Connected' while
 * zmc gets pictures, 'Running' while zmc runs without a picture (reconnecting), 'NotRunning' when
 * the capture daemon itself is gone. The mapping is explicit: no picture with zmc running is
 * 'video-loss'; the capture daemon gone is 'offline'. A CaptureFPS of 0 while 'Connected' is no
 * picture too. A monitor is judged only once it has had a picture: until then there is nothing
 * to lose.
 */
export function hasPicture(m: ZmMonitorState): boolean {
  return m.status === 'Connected' && m.captureFps !== 0;
}

export function lossKind(status: string | undefined): AlarmKind {
  return status === 'NotRunning' ? 'offline' : 'video-loss';
}

/** Turns successive polls of the monitors into raised/cleared transitions, repeats dropped. */
export class ZmAlarmTracker {
  private readonly seenPicture = new Set<number>();
  private readonly raised = new Map<number, { alarmKind: AlarmKind; alarm: string }>();

  update(monitors: readonly ZmMonitorState[]): ZmAlarmTransition[] {
    const out: ZmAlarmTransition[] = [];
    for (const m of monitors) {
      const open = this.raised.get(m.id);
      if (hasPicture(m)) {
        this.seenPicture.add(m.id);
        if (open !== undefined) {
          this.raised.delete(m.id);
          out.push({ monitorId: m.id, state: 'cleared', ...open });
        }
        continue;
      }
      if (!this.seenPicture.has(m.id) || open !== undefined) continue;
      const alarm = {
        alarmKind: lossKind(m.status),
        alarm: `Monitor_Status ${m.status ?? 'absent'}${m.status === 'Connected' ? ' at 0 fps' : ''}`,
      };
      this.raised.set(m.id, alarm);
      out.push({ monitorId: m.id, state: 'raised', ...alarm });
    }
    return out;
  }

  /** A released monitor: its alarm history ends with it. */
  forget(monitorId: number): void {
    this.seenPicture.delete(monitorId);
    this.raised.delete(monitorId);
  }
}
