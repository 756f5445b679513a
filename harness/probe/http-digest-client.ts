import { digestAuthorization, parseDigestChallenge } from '../../simulators/wire/digest-auth.ts';

/** GET with HTTP digest: the unauthenticated try, then the answer to its challenge. */
export async function getWithDigest(
  url: string,
  user: string,
  password: string,
  timeoutMs: number,
): Promise<{ status: number; contentType: string; body: Buffer; challenged: boolean }> {
  const first = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (first.status !== 401)
    return {
      status: first.status,
      contentType: first.headers.get('content-type') ?? '',
      body: Buffer.from(await first.arrayBuffer()),
      challenged: false,
    };
  await first.arrayBuffer();
  const challenge = parseDigestChallenge(first.headers.get('www-authenticate'));
  if (challenge === undefined) return { status: 401, contentType: '', body: Buffer.alloc(0), challenged: true };
  const u = new URL(url);
  const res = await fetch(url, {
    headers: { authorization: digestAuthorization(challenge, 'GET', `${u.pathname}${u.search}`, user, password) },
    signal: AbortSignal.timeout(timeoutMs),
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    body: Buffer.from(await res.arrayBuffer()),
    challenged: true,
  };
}
