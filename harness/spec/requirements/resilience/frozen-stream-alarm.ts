import type { Requirement } from '../../requirement.ts';
import { judgeOfflineAlarm } from '../../judgements/offline-alarm-judgement.ts';
import { faultWindows, losesPicture } from '../../evidence/fault-windows.ts';

export const frozenStreamAlarm: Requirement<{ alarmWithinMs: number }> = {
  id: 'HUB-RES-02',
  area: 'RESILIENCE',
  title: 'Raises the offline alarm for a frozen stream too',
  rationale:
    'A camera whose socket stays open but sends no pictures is as blind as one switched off; watching only for closed sockets misses it. So is one whose encoder hung: RTP, sender reports and frame counters run on while every picture repeats, and only a hub that compares images sees it. So is one that came back from a reconnect with its audio alone: the session plays, packets flow, and no picture ever arrives.',
  level: 'MUST',
  side: 'hub',
  params: {
    alarmWithinMs: {
      default: 30_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the stream or picture freezing to the offline (or video-loss) alarm',
    },
  },
  needs: { observations: ['fault.applied', 'hub.alarm'], capabilities: ['alarms'] },
  traces: [
    {
      source:
        'Failure mode: silent stall, TCP open and no data (outage mode stream-freeze); and its variant, RTP flowing while every frame repeats (roleoroleo/yi-hack-Allwinner-v2#61, bluecherrydvr/unity#124; quirk frozen-picture as a timed fault); and a stream back with only its audio track (AlexxIT/go2rtc#1847, AlexxIT/go2rtc#90; quirk audio-only-after-reconnect as a timed fault)',
    },
    { source: 'Force CCTV hub specification (no public test)' },
  ],
  check(ctx) {
    return judgeOfflineAlarm(
      ctx,
      ['stream-freeze'],
      'stream or picture freeze',
      faultWindows(ctx.observations).filter(losesPicture),
    );
  },
};
