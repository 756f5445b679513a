import type { Evidence, Requirement } from '../../requirement.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { personalityCoverage } from '../../evidence/personalities.ts';
import { failed, notExercised, passed } from '../../evidence/outcomes.ts';
import { playedSpans } from '../../evidence/session-spans.ts';

const ok2xx = (status: number) => status >= 200 && status < 300;

export const onvifMediaStreaming: Requirement<{ minDevices: number; playWithinMs: number }> = {
  id: 'HUB-STR-06',
  area: 'STREAM',
  title: 'Streams the URI ONVIF gives it (GetProfiles, GetStreamUri, RTSP)',
  rationale:
    "Stream paths differ per vendor and change with firmware; the hub must ask each camera for its profiles and stream URI and play that, over the fleet's distinct camera models.",
  level: 'SHOULD',
  side: 'hub',
  params: {
    minDevices: {
      default: 3,
      unit: 'count',
      stricter: 'higher',
      description: 'distinct camera models streamed the ONVIF way for a PASS',
    },
    playWithinMs: {
      default: 10_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from GetStreamUri to PLAY on that camera',
    },
  },
  needs: { observations: ['onvif.request', 'rtsp.session.play'], capabilities: [] },
  traces: [
    {
      source: 'ONVIF Profile S Client Test Specification',
      feature: 'Get Profiles (MediaStreaming_GetProfiles)',
      testCase: 'MEDIASTREAMING-1',
    },
    {
      source: 'ONVIF Profile S Client Test Specification',
      feature: 'Get Stream URI (MediaStreaming_GetStreamURI)',
      testCase: 'MEDIASTREAMING-2',
    },
    {
      source: 'ONVIF Profile S Client Test Specification',
      feature: 'Streaming Over RTSP (MediaStreaming_RTSPStreaming)',
      testCase: 'MEDIASTREAMING-3',
    },
    {
      source: 'ONVIF Profile T Client Test Specification',
      feature: 'Streaming Over RTSP Using Media2 (Media2_MediaStreaming_Media2_RTSP)',
      testCase: 'MEDIA2_MEDIASTREAMING-1',
    },
  ],
  check({ observations, params, run }) {
    const users = new Set(run.hubs.map((h) => userOfHub(run, h)));
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    const asked = new Set<string>();
    for (const o of observations) {
      if (
        o.kind !== 'onvif.request' ||
        o.operation !== 'GetStreamUri' ||
        !ok2xx(o.httpStatus) ||
        o.user === undefined ||
        !users.has(o.user)
      )
        continue;
      const key = `${o.user}\n${o.camera}`;
      if (asked.has(key) || run.endMs - o.atMs < params.playWithinMs) continue;
      asked.add(key);
      const profiles = observations.some(
        (p) =>
          p.kind === 'onvif.request' &&
          p.camera === o.camera &&
          p.operation === 'GetProfiles' &&
          p.user === o.user &&
          ok2xx(p.httpStatus) &&
          p.atMs <= o.atMs,
      );
      const play = playedSpans(observations, o.user).find(
        (s) => s.camera === o.camera && s.playMs! >= o.atMs && s.playMs! <= o.atMs + params.playWithinMs,
      );
      const base = { camera: o.camera, atMs: o.atMs };
      if (!profiles) misses.push({ ...base, text: 'asked GetStreamUri without GetProfiles first' });
      else if (play === undefined) misses.push({ ...base, text: 'got a stream URI but did not play it' });
      else ok.push({ ...base, text: `GetProfiles, GetStreamUri (${o.service}), PLAY ${play.profile}` });
    }
    if (asked.size === 0) return notExercised('the hub never asked a camera for its stream URI (provisioned by URL)');
    const measurement = {
      name: 'incomplete ONVIF streaming sequences',
      value: misses.length,
      unit: 'count' as const,
      threshold: 0,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(`${misses.length} camera(s) not streamed the ONVIF way`, measurement, [...misses, ...ok]);
    const coverage = personalityCoverage(
      run,
      ok.map((e) => e.camera!),
      params.minDevices,
    );
    if (!coverage.enoughInFleet)
      return notExercised(
        `ONVIF asks for ${params.minDevices} distinct device personalities; the fleet has ${coverage.inFleet}`,
      );
    if (coverage.covered.length < params.minDevices)
      return notExercised(
        `streamed the ONVIF way from ${coverage.covered.length} personalities (${coverage.covered.join(', ')}); ${params.minDevices} needed`,
      );
    return passed(`${ok.length} cameras streamed the ONVIF way over ${coverage.covered.join(', ')}`, measurement, ok);
  },
};
