import type { SoapSecurity } from './soap-envelope.ts';
import { describeReply, soapCall, type SoapReply } from './soap-call.ts';

/** One answer the probe received, kept for schema validation. */
export interface ProbeAnswer {
  /** The operation asked for, e.g. 'GetProfiles'; Media2 operations are prefixed 'media2.'. */
  operation: string;
  status: number;
  text: string;
}

/** Which credentials a request carries: the user's, none, a wrong password, or the password in plain text. */
export type ProbeAuth = 'digest' | 'none' | 'wrong-password' | 'password-text';

/** A request did not get the answer its step needs; the message becomes the step's detail. */
export class UnexpectedAnswer extends Error {
  constructor(
    readonly operation: string,
    readonly reply: SoapReply,
  ) {
    super(`${operation}: ${describeReply(reply)}`);
    this.name = 'UnexpectedAnswer';
  }
}

/**
 * The probe's view of one device: the address it was given, the credentials, the device's clock
 * offset (UsernameToken Created times are stamped in the device's time), the answers received,
 * and the notes worth telling the user (addresses rebased, SOAP 1.1, skew).
 */
export class ProbeSession {
  readonly probed: URL;
  /** Device time minus local time, measured with GetSystemDateAndTime. */
  clockOffsetMs = 0;
  readonly answers: ProbeAnswer[] = [];
  readonly notes = new Set<string>();

  constructor(
    url: string,
    readonly user: string,
    readonly password: string,
    readonly timeoutMs: number,
  ) {
    this.probed = new URL(url);
  }

  security(auth: ProbeAuth): SoapSecurity {
    if (auth === 'none') return { type: 'none' };
    if (auth === 'wrong-password') return { type: 'digest', user: this.user, password: `${this.password}-wrong` };
    return { type: auth === 'password-text' ? 'text' : 'digest', user: this.user, password: this.password };
  }

  /** One SOAP request, bounded by the timeout (plus `extraMs` for long polls); the answer is kept. */
  async call(
    operation: string,
    url: string,
    body: string,
    auth: ProbeAuth,
    opts: { extraMs?: number; addressing?: { action: string; to: string } } = {},
  ): Promise<SoapReply> {
    const reply = await soapCall(url, body, this.security(auth), this.timeoutMs + (opts.extraMs ?? 0), {
      nowMs: Date.now() + this.clockOffsetMs,
      ...(opts.addressing !== undefined ? { addressing: opts.addressing } : {}),
    });
    this.answers.push({ operation, status: reply.status, text: reply.text });
    if (reply.soapVersion === '1.1')
      this.notes.add('the device answers in SOAP 1.1 (ONVIF asks for SOAP 1.2); the probe reads both');
    return reply;
  }

  /** Like call, but anything other than HTTP 200 with the expected response element throws UnexpectedAnswer. */
  async expect(
    operation: string,
    url: string,
    body: string,
    response: string,
    auth: ProbeAuth = 'digest',
    opts: { extraMs?: number; addressing?: { action: string; to: string } } = {},
  ): Promise<SoapReply & { payload: NonNullable<SoapReply['payload']> }> {
    const reply = await this.call(operation, url, body, auth, opts);
    if (reply.status !== 200 || reply.fault !== undefined || reply.payload?.local !== response) {
      if (reply.status === 200 && reply.fault === undefined && reply.unreadable === undefined) {
        throw new UnexpectedAnswer(operation, {
          ...reply,
          unreadable: `answered <${reply.payload?.name ?? 'nothing'}> where ${response} was expected`,
        });
      }
      throw new UnexpectedAnswer(operation, reply);
    }
    return reply as SoapReply & { payload: NonNullable<SoapReply['payload']> };
  }

  /**
   * A device behind NAT (or with a stale network setting) names an address in its XAddrs and URIs
   * that the probe cannot reach: requests go to the address the user gave, and a note says so.
   */
  rebase(uri: string): string {
    let u: URL;
    try {
      u = new URL(uri);
    } catch {
      return uri;
    }
    const http = u.protocol === 'http:' || u.protocol === 'https:';
    const sameHost = u.hostname === this.probed.hostname;
    const samePort = !http || u.port === this.probed.port;
    if (sameHost && samePort) return uri;
    const named = http ? u.host : u.hostname;
    u.hostname = this.probed.hostname;
    if (http) {
      u.port = this.probed.port;
      u.protocol = this.probed.protocol;
    }
    this.notes.add(
      `the device names ${named} in its ${http ? 'service addresses' : 'stream URIs'}; the probe used the address it was given (${http ? this.probed.host : this.probed.hostname}) instead`,
    );
    return u.toString();
  }
}
