import { describe, expect, it } from 'vitest';
import { ZmAlarmTracker } from './zoneminder-alarms.ts';
import type { ZmMonitorState } from './zoneminder-api.ts';

const m = (status: string | undefined, captureFps?: number, id = 1): ZmMonitorState => ({
  id,
  name: `cam-${id}`,
  status,
  captureFps,
});

describe('ZmAlarmTracker', () => {
  it('raises video-loss when zmc runs without a picture and clears it when the picture is back, once each', () => {
    const t = new ZmAlarmTracker();
    expect(t.update([m('Connected', 10)])).toEqual([]);
    expect(t.update([m('Running', 0)])).toEqual([
      { monitorId: 1, state: 'raised', alarmKind: 'video-loss', alarm: 'Monitor_Status Running' },
    ]);
    expect(t.update([m('Running', 0)])).toEqual([]);
    expect(t.update([m('Connected', 9.5)])).toEqual([
      { monitorId: 1, state: 'cleared', alarmKind: 'video-loss', alarm: 'Monitor_Status Running' },
    ]);
    expect(t.update([m('Connected', 9.5)])).toEqual([]);
  });

  it('maps a gone capture daemon to offline, and a connected monitor at 0 fps to video-loss', () => {
    const t = new ZmAlarmTracker();
    t.update([m('Connected', 10, 1), m('Connected', 10, 2)]);
    expect(
      t.update([m('NotRunning', undefined, 1), m('Connected', 0, 2)]).map((x) => [x.monitorId, x.alarmKind, x.alarm]),
    ).toEqual([
      [1, 'offline', 'Monitor_Status NotRunning'],
      [2, 'video-loss', 'Monitor_Status Connected at 0 fps'],
    ]);
  });

  it('says nothing about a monitor that never had a picture, nor after it is forgotten', () => {
    const t = new ZmAlarmTracker();
    expect(t.update([m(undefined), m('Running', 0)])).toEqual([]);
    t.update([m('Connected', 5)]);
    t.forget(1);
    expect(t.update([m('NotRunning')])).toEqual([]);
  });
});
