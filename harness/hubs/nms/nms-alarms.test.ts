import { describe, expect, it } from 'vitest';
import { NmsAlarmTracker } from './nms-alarms.ts';
import type { NmsEventName } from './nms-host-protocol.ts';

const path = '/live/cam-1';
const cases: { name: string; events: NmsEventName[]; alarms: string[] }[] = [
  { name: 'a relay that publishes raises nothing', events: ['prePublish', 'postPublish'], alarms: [] },
  { name: 'a publishing relay that ends raises offline', events: ['postPublish', 'donePublish'], alarms: ['raised'] },
  {
    name: 'publishing again clears it',
    events: ['postPublish', 'donePublish', 'postPublish'],
    alarms: ['raised', 'cleared'],
  },
  { name: 'a relay that never published leaves no trace', events: ['donePublish'], alarms: [] },
  {
    name: 'a second end while raised does not raise twice',
    events: ['postPublish', 'donePublish', 'donePublish'],
    alarms: ['raised'],
  },
  { name: 'viewers coming and going are not the camera', events: ['postPublish', 'postPlay', 'donePlay'], alarms: [] },
  {
    name: 'two outages give two alarms',
    events: ['postPublish', 'donePublish', 'postPublish', 'donePublish', 'postPublish'],
    alarms: ['raised', 'cleared', 'raised', 'cleared'],
  },
];

describe('NmsAlarmTracker', () => {
  it.each(cases)('$name', ({ events, alarms }) => {
    const tracker = new NmsAlarmTracker('hub');
    tracker.watch(path, 'cam-1');
    const out = events.map((e, i) => tracker.onEvent(e, path, 1000 + i)).filter((o) => o !== undefined);
    expect(out.map((o) => o.state)).toEqual(alarms);
    expect(
      out.every(
        (o) => o.camera === 'cam-1' && o.hub === 'hub' && o.alarmKind === 'offline' && o.alarm === 'relay ended',
      ),
    ).toBe(true);
  });

  it('ignores streams it does not watch and forgets unwatched ones', () => {
    const tracker = new NmsAlarmTracker('hub');
    expect(tracker.onEvent('donePublish', '/live/other', 1)).toBeUndefined();
    tracker.watch(path, 'cam-1');
    tracker.onEvent('postPublish', path, 2);
    tracker.unwatch(path);
    expect(tracker.onEvent('donePublish', path, 3)).toBeUndefined();
  });
});
