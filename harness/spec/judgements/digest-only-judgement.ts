import type { AuthMethod } from '../../../simulators/observations/observation.ts';
import type { CheckOutcome, Evidence, RunFacts } from '../requirement.ts';
import { userOfHub } from '../evidence/hub-users.ts';
import { personalityCoverage } from '../evidence/personalities.ts';
import { failed, notExercised, passed } from '../evidence/outcomes.ts';

/** One request a hub made to a camera, in protocol-neutral terms. */
export interface AuthUse {
  camera: string;
  atMs: number;
  user?: string;
  auth: AuthMethod;
  status: number;
  /** Requests a device may serve before authentication (ONVIF PRE_AUTH, RTSP OPTIONS). */
  preAuth: boolean;
  label: string;
}

const digestMethods: readonly AuthMethod[] = ['digest', 'http-digest'];

/**
 * Digest only: a hub request carrying a password in the clear (PasswordText, Basic) fails, and so
 * does one the camera served without any credentials (beyond pre-authentication operations).
 * Unauthenticated requests carry no user, so they are attributed to whichever hub talks to the
 * camera; during a run only hubs do. PASS needs digest-authenticated successes over
 * `minDevices` distinct device personalities, as ONVIF's client test asks.
 */
export function judgeDigestOnly(
  uses: readonly AuthUse[],
  run: RunFacts,
  minDevices: number,
  protocol: string,
): CheckOutcome {
  const hubUsers = new Set(run.hubs.map((h) => userOfHub(run, h)));
  const relevant = uses.filter((u) => u.user === undefined || hubUsers.has(u.user));
  if (relevant.length === 0) return notExercised(`the hub made no ${protocol} requests to the cameras`);
  const violations: Evidence[] = [];
  const okCameras = new Map<string, AuthUse>();
  for (const u of relevant) {
    const success = u.status >= 200 && u.status < 300;
    if (u.auth === 'text' || u.auth === 'basic') {
      violations.push({
        camera: u.camera,
        atMs: u.atMs,
        text: `${u.label} used ${u.auth === 'text' ? 'WS-UsernameToken PasswordText' : 'Basic'} authentication (user ${u.user ?? '?'}), answered ${u.status}`,
      });
    } else if (u.auth === 'none' && success && !u.preAuth) {
      violations.push({
        camera: u.camera,
        atMs: u.atMs,
        text: `${u.label} was served without credentials (${u.status})`,
      });
    } else if (digestMethods.includes(u.auth) && success && !okCameras.has(u.camera)) {
      okCameras.set(u.camera, u);
    }
  }
  const measurement = {
    name: `${protocol} requests not using digest`,
    value: violations.length,
    unit: 'count' as const,
    threshold: 0,
    op: '<=' as const,
  };
  if (violations.length > 0)
    return failed(`${violations.length} ${protocol} request(s) without digest authentication`, measurement, violations);
  const coverage = personalityCoverage(run, okCameras.keys(), minDevices);
  if (!coverage.enoughInFleet)
    return notExercised(
      `ONVIF asks for ${minDevices} distinct device personalities; the fleet has ${coverage.inFleet}`,
    );
  if (coverage.covered.length < minDevices)
    return notExercised(
      `digest-authenticated ${protocol} traffic seen with ${coverage.covered.length} personalities (${coverage.covered.join(', ') || 'none'}); ${minDevices} needed`,
    );
  const evidence = [...okCameras.values()].map((u) => ({
    camera: u.camera,
    atMs: u.atMs,
    text: `${u.label} authenticated with ${u.auth}, answered ${u.status}`,
  }));
  return passed(
    `all ${relevant.length} ${protocol} requests used digest, over ${coverage.covered.length} personalities (${coverage.covered.join(', ')})`,
    measurement,
    evidence,
  );
}
