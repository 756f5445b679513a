import { createHash, timingSafeEqual } from 'node:crypto';
import type { UsernameToken } from './soap-request.ts';

/** How far a UsernameToken's Created may be from the device clock (WS-Security leaves it to the device; 5 min is usual). */
export const USERNAME_TOKEN_FRESHNESS_MS = 5 * 60_000;

export type TokenVerdict = 'ok' | 'bad-password' | 'stale' | 'missing-nonce' | 'text-not-allowed' | 'bad-created';

/**
 * Checks a UsernameToken against the user's password at device time `deviceNowMs`
 * (WSS UsernameToken Profile 1.0 §3.1: Base64(SHA-1(nonce + created + password))).
 * Pure; replay detection needs state and lives in NonceCache.
 */
export function verifyUsernameToken(
  token: UsernameToken,
  password: string,
  deviceNowMs: number,
  allowText: boolean,
  freshnessMs = USERNAME_TOKEN_FRESHNESS_MS,
): TokenVerdict {
  if (token.passwordType === 'text') {
    if (!allowText) return 'text-not-allowed';
    return safeEqual(token.password, password) ? 'ok' : 'bad-password';
  }
  if (token.nonceBase64 === undefined || token.nonceBase64 === '') return 'missing-nonce';
  if (token.created === undefined) return 'bad-created';
  const createdMs = Date.parse(token.created);
  if (Number.isNaN(createdMs)) return 'bad-created';
  if (Math.abs(deviceNowMs - createdMs) > freshnessMs) return 'stale';
  const digest = createHash('sha1')
    .update(Buffer.from(token.nonceBase64, 'base64'))
    .update(token.created, 'utf8')
    .update(password, 'utf8')
    .digest('base64');
  return safeEqual(token.password, digest) ? 'ok' : 'bad-password';
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Builds a PasswordDigest token as clients do (tests and the bench use it). */
export function passwordDigest(nonce: Buffer, created: string, password: string): string {
  return createHash('sha1').update(nonce).update(created, 'utf8').update(password, 'utf8').digest('base64');
}
