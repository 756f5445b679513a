import { randomBytes } from 'node:crypto';
import type { Camera } from '../camera/camera.ts';
import type { AuthMethod } from '../observations/observation.ts';
import { RtspError } from './rtsp-error.ts';
import { ParseError } from '../../media/errors/parse-error.ts';
import type { RtspRequest } from './rtsp-message.ts';
import {
  DIGEST_PROFILES,
  DigestNonces,
  digestChallenge,
  parseAuthorization,
  verifyDigest,
} from '../wire/digest-auth.ts';

export interface AuthOutcome {
  method: AuthMethod;
  user: string | undefined;
  /** Digest was right but the nonce had expired: the client proved itself and gets stale=TRUE. */
  stale: boolean;
}

/**
 * A camera's RTSP authentication: Digest always (RFC 2617 MD5), Basic only when the model
 * enables it, none at all where the model says so (rtspNone). Users are read from the camera on every request, so changed passwords apply at once.
 */
export class CameraAuth {
  private readonly nonces: DigestNonces;

  constructor(
    private readonly camera: Camera,
    nonceLifetimeMs: number,
  ) {
    this.nonces = new DigestNonces(randomBytes(16), nonceLifetimeMs);
  }

  get realm(): string {
    return `${this.camera.model.manufacturer} ${this.camera.model.model}`;
  }

  /** Returns who asked, or throws 401 with the challenges. `attempt` receives what was tried even when it fails. */
  authenticate(
    req: RtspRequest,
    nowMs: number,
    attempt: { method: AuthMethod; user: string | undefined },
  ): AuthOutcome {
    const header = req.headers.get('authorization');
    if (header === undefined && this.camera.model.auth.rtspNone)
      return { method: 'none', user: undefined, stale: false };
    if (header === undefined) throw this.unauthorized(nowMs, false, 'credentials required');
    let creds;
    try {
      creds = parseAuthorization(header);
    } catch (err) {
      if (err instanceof ParseError) throw this.unauthorized(nowMs, false, err.message);
      throw err;
    }
    attempt.user = creds.username;
    if (creds.scheme === 'basic') {
      attempt.method = 'basic';
      if (!this.camera.model.auth.rtspBasic)
        throw this.unauthorized(nowMs, false, 'Basic is not enabled on this camera');
      const user = this.camera.findUser(creds.username);
      if (user === undefined || user.password !== creds.password)
        throw this.unauthorized(nowMs, false, 'wrong user or password');
      return { method: 'basic', user: user.username, stale: false };
    }
    attempt.method = 'digest';
    const user = this.camera.findUser(creds.username);
    if (user === undefined) throw this.unauthorized(nowMs, false, 'wrong user or password');
    const verdict = verifyDigest(creds, {
      profile: DIGEST_PROFILES.rtsp,
      realm: this.realm,
      method: req.method,
      target: req.uri,
      password: user.password,
      nonces: this.nonces,
      nowMs,
      nonceLifetimeMs: this.camera.nonceLifetimeMs(this.nonces.lifetimeMs),
    });
    if (!verdict.ok) throw this.unauthorized(nowMs, false, verdict.reason);
    return { method: 'digest', user: user.username, stale: verdict.stale };
  }

  /** Whether a user's session may go on after the camera's users changed. */
  stillValid(username: string | undefined, password: string | undefined): boolean {
    if (username === undefined) return true;
    const user = this.camera.findUser(username);
    return user !== undefined && (password === undefined || user.password === password);
  }

  unauthorized(nowMs: number, stale: boolean, reason: string): RtspError {
    const headers: [string, string][] = [
      ['WWW-Authenticate', digestChallenge(DIGEST_PROFILES.rtsp, this.realm, this.nonces.issue(nowMs), stale)],
    ];
    if (this.camera.model.auth.rtspBasic) headers.push(['WWW-Authenticate', `Basic realm="${this.realm}"`]);
    return new RtspError(401, reason, headers);
  }
}
