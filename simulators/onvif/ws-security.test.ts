import { describe, expect, it } from 'vitest';
import { passwordDigest, verifyUsernameToken } from './ws-security.ts';

describe('WS-Security UsernameToken', () => {
  const nonce = Buffer.from('0123456789abcdef');
  const created = '2026-11-25T12:00:00Z';
  const now = Date.parse(created);
  const token = (password: string, over: object = {}) => ({
    username: 'u',
    password,
    passwordType: 'digest' as const,
    nonceBase64: nonce.toString('base64'),
    created,
    ...over,
  });

  const cases: Array<{
    name: string;
    token: ReturnType<typeof token>;
    nowMs: number;
    allowText: boolean;
    verdict: string;
  }> = [
    {
      name: 'good digest',
      token: token(passwordDigest(nonce, created, 'pw')),
      nowMs: now,
      allowText: false,
      verdict: 'ok',
    },
    {
      name: 'wrong password',
      token: token(passwordDigest(nonce, created, 'nope')),
      nowMs: now,
      allowText: false,
      verdict: 'bad-password',
    },
    {
      name: 'stale (6 min later)',
      token: token(passwordDigest(nonce, created, 'pw')),
      nowMs: now + 6 * 60_000,
      allowText: false,
      verdict: 'stale',
    },
    {
      name: 'from the future',
      token: token(passwordDigest(nonce, created, 'pw')),
      nowMs: now - 6 * 60_000,
      allowText: false,
      verdict: 'stale',
    },
    {
      name: 'no nonce',
      token: token('x', { nonceBase64: undefined }),
      nowMs: now,
      allowText: false,
      verdict: 'missing-nonce',
    },
    {
      name: 'garbage Created',
      token: token('x', { created: 'yesterday' }),
      nowMs: now,
      allowText: false,
      verdict: 'bad-created',
    },
    {
      name: 'text refused',
      token: token('pw', { passwordType: 'text' }),
      nowMs: now,
      allowText: false,
      verdict: 'text-not-allowed',
    },
    { name: 'text allowed', token: token('pw', { passwordType: 'text' }), nowMs: now, allowText: true, verdict: 'ok' },
  ];
  it.each(cases)('$name → $verdict', (c) =>
    expect(verifyUsernameToken(c.token, 'pw', c.nowMs, c.allowText)).toBe(c.verdict),
  );
});
