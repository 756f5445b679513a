import type { Evidence, Requirement } from '../../requirement.ts';
import { clockJumps } from '../../evidence/clock-jumps.ts';
import { faultWindows } from '../../evidence/fault-windows.ts';
import { credentialFaultKinds } from '../../evidence/fault-kinds.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';

const accepted = (status: number) => status >= 200 && status < 300;
/** A refused login: WS-UsernameToken refusals are 400 ter:NotAuthorized, HTTP digest ones 401. */
const refused = (status: number, fault: string | undefined) => status === 401 || fault === 'ter:NotAuthorized';
/**
 * Operations a camera answers whatever the credentials (ONVIF Core's PRE_AUTH class): a 200 to
 * one of them says nothing about a login. A client reads the clock with GetSystemDateAndTime.
 */
const answeredWithoutLogin = new Set([
  'GetSystemDateAndTime',
  'GetWsdlUrl',
  'GetServices',
  'GetServiceCapabilities',
  'GetCapabilities',
  'GetEndpointReference',
  'GetHostname',
]);

export const logsInAfterClockJump: Requirement<{ loginWithinMs: number }> = {
  id: 'HUB-AUTH-05',
  area: 'AUTH',
  title: 'Keeps logging in to a camera whose clock jumped',
  rationale:
    'A camera without a clock battery restarts its clock from a fixed date at every boot, and an NTP step or a manual setting moves it by hours. WS-UsernameToken carries a Created time the camera checks against its own clock, so a hub that keeps the clock offset it learnt at setup is refused from then on and loses the camera (events, PTZ, stream lookups) until someone reconfigures it. The hub must read the camera clock again and log in.',
  level: 'MUST',
  side: 'hub',
  params: {
    loginWithinMs: {
      default: 30_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the first refused login after the clock jump to the next accepted one',
    },
  },
  needs: { observations: ['onvif.request', 'fault.applied'], capabilities: [] },
  traces: [
    {
      source:
        'Failure mode: clock reset after a reboot breaks WS-UsernameToken login (home-assistant/core#121952; quirk clock-reset-on-boot)',
    },
    { source: 'OASIS WSS UsernameToken Profile 1.0 §3.1 (Created and the receiver’s freshness window)' },
  ],
  check({ observations, params, run }) {
    const jumps = clockJumps(observations, run.endMs);
    if (jumps.length === 0)
      return notExercised(
        'no camera clock jumped (clock-drift with an offset, or a timed clock-skew or clock-reset-on-boot quirk)',
      );
    const credentialChanges = faultWindows(observations).filter((w) => credentialFaultKinds.includes(w.fault));
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    let cut = 0;
    for (const hub of run.hubs) {
      const user = userOfHub(run, hub);
      for (const [i, jump] of jumps.entries()) {
        // Judged until the camera's clock jumps again.
        const untilMs = Math.min(
          jumps.slice(i + 1).find((j) => j.camera === jump.camera)?.atMs ?? run.endMs,
          run.endMs,
        );
        const logins = observations.filter(
          (o): o is Extract<typeof o, { kind: 'onvif.request' }> =>
            o.kind === 'onvif.request' &&
            o.camera === jump.camera &&
            o.user === user &&
            o.auth !== 'none' &&
            !answeredWithoutLogin.has(o.operation) &&
            o.atMs >= jump.atMs &&
            o.atMs < untilMs &&
            !credentialChanges.some(
              (w) => w.cameras.includes(o.camera) && o.atMs >= w.fromMs && o.atMs <= (w.toMs ?? run.endMs),
            ),
        );
        const firstRefused = logins.find((o) => refused(o.httpStatus, o.fault));
        const firstAccepted = logins.find((o) => accepted(o.httpStatus));
        const base = { camera: jump.camera, hub, fromMs: jump.atMs };
        if (firstRefused === undefined || (firstAccepted !== undefined && firstAccepted.atMs < firstRefused.atMs)) {
          if (firstAccepted !== undefined)
            ok.push({
              ...base,
              toMs: firstAccepted.atMs,
              text: `logged in (${firstAccepted.operation}) ${formatMs(firstAccepted.atMs - jump.atMs)} after the ${jump.cause}, never refused`,
            });
          continue;
        }
        const back = logins.find((o) => o.atMs > firstRefused.atMs && accepted(o.httpStatus));
        const refusals = logins.filter(
          (o) =>
            o.atMs >= firstRefused.atMs && (back === undefined || o.atMs < back.atMs) && refused(o.httpStatus, o.fault),
        ).length;
        const outMs = (back?.atMs ?? untilMs) - firstRefused.atMs;
        if (back === undefined && outMs < params.loginWithinMs) {
          cut++;
          continue;
        }
        worst = Math.max(worst, outMs);
        const e = {
          ...base,
          toMs: back?.atMs ?? untilMs,
          text:
            back === undefined
              ? `refused ${refusals} time(s) from ${formatMs(firstRefused.atMs - jump.atMs)} after the ${jump.cause} and never let in again`
              : `refused ${refusals} time(s) after the ${jump.cause}, let in again ${formatMs(outMs)} after the first refusal`,
        };
        (outMs > params.loginWithinMs ? misses : ok).push(e);
      }
    }
    const measurement = {
      name: 'longest time refused after a clock jump',
      value: worst,
      unit: 'ms' as const,
      threshold: params.loginWithinMs,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(`${misses.length} camera(s) kept refusing the hub's logins after their clock jumped`, measurement, [
        ...misses,
        ...ok,
      ]);
    if (ok.length === 0)
      return notExercised(
        cut > 0
          ? 'the run ended too soon after the hub was refused to tell whether it gets back in'
          : 'the hub asked no camera anything with credentials after its clock jumped',
      );
    return passed(`logged in to ${ok.length} camera(s) after their clocks jumped`, measurement, ok);
  },
};
