import { randomBytes } from 'node:crypto';
import type { Camera } from '../camera/camera.ts';
import type { AuthMethod } from '../observations/observation.ts';
import { RtspError } from './rtsp-error.ts';
import { ParseError } from './parse-error.ts';
import type { RtspRequest } from './rtsp-message.ts';
import { checkNonce, digestChallenge, digestResponse, makeNonce, parseAuthorization, safeEqualHex } from './digest-auth.ts';

export interface AuthOutcome {
  method: AuthMethod;
  user: string | undefined;
  /** Digest was right but the nonce had expired: the client proved itself and gets stale=TRUE. */
  stale: boolean;
}

/**
 * A camera's RTSP authentication: Digest always (RFC 2617 MD5), Basic only when the model
 * enables it. Users are read from the camera on every request, so changed passwords apply at once.
 */
export class CameraAuth {
  private readonly secret = randomBytes(16);

  constructor(
    private readonly camera: Camera,
    private readonly nonceLifetimeMs: number,
  ) {}

  get realm(): string {
    return `${this.camera.model.manufacturer} ${this.camera.model.model}`;
  }

  /** Returns who asked, or throws 401 with the challenges. `attempt` receives what was tried even when it fails. */
  authenticate(req: RtspRequest, nowMs: number, attempt: { method: AuthMethod; user: string | undefined }): AuthOutcome {
    const header = req.headers.get('authorization');
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
      if (!this.camera.model.auth.rtspBasic) throw this.unauthorized(nowMs, false, 'Basic is not enabled on this camera');
      const user = this.camera.findUser(creds.username);
      if (user === undefined || user.password !== creds.password) throw this.unauthorized(nowMs, false, 'wrong user or password');
      return { method: 'basic', user: user.username, stale: false };
    }
    attempt.method = 'digest';
    if (creds.realm !== this.realm) throw this.unauthorized(nowMs, false, `realm ${creds.realm} is not ${this.realm}`);
    const nonce = checkNonce(creds.nonce, this.secret, nowMs, this.camera.nonceLifetimeMs(this.nonceLifetimeMs));
    if (nonce === 'invalid') throw this.unauthorized(nowMs, false, 'unknown nonce');
    const user = this.camera.findUser(creds.username);
    if (user === undefined) throw this.unauthorized(nowMs, false, 'wrong user or password');
    const expected = digestResponse(req.method, user.username, user.password, creds);
    if (!safeEqualHex(expected, creds.response)) throw this.unauthorized(nowMs, false, 'wrong user or password');
    return { method: 'digest', user: user.username, stale: nonce === 'stale' };
  }

  /** Whether a user's session may go on after the camera's users changed. */
  stillValid(username: string | undefined, password: string | undefined): boolean {
    if (username === undefined) return true;
    const user = this.camera.findUser(username);
    return user !== undefined && (password === undefined || user.password === password);
  }

  unauthorized(nowMs: number, stale: boolean, reason: string): RtspError {
    const headers: [string, string][] = [['WWW-Authenticate', digestChallenge(this.realm, makeNonce(this.secret, nowMs), stale)]];
    if (this.camera.model.auth.rtspBasic) headers.push(['WWW-Authenticate', `Basic realm="${this.realm}"`]);
    return new RtspError(401, reason, headers);
  }
}
