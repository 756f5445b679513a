import { once } from 'node:events';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoadTarget, runPhase } from '../bench/raw-http-load.ts';
import {
  DIGEST_PROFILES,
  DigestNonces,
  digestChallenge,
  parseDigestAuthorization,
  verifyDigest,
} from '../../wire/digest-auth.ts';

const HOST = '127.12.90.1';
const GOOD = '<env:Envelope><env:Body><trt:GetProfilesResponse/></env:Body></env:Envelope>';
const CREDENTIALS = { username: 'admin', password: 'pw' };

type Answer = (req: IncomingMessage, res: ServerResponse, n: number) => void;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(answer: Answer): Promise<LoadTarget> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(req, res, n++));
  });
  servers.push(server);
  server.listen(0, HOST);
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  return { host: HOST, port, path: '/onvif/media_service' };
}

const send = (res: ServerResponse, status: number, body: string): void => {
  res
    .writeHead(status, { 'Content-Type': 'application/soap+xml', 'Content-Length': Buffer.byteLength(body) })
    .end(body);
};

const phase = (targets: LoadTarget[], rateRps?: number) =>
  runPhase({
    targets,
    clients: targets.length,
    body: '<GetProfiles/>',
    expect: 'GetProfilesResponse',
    warmupMs: 0,
    durationMs: 300,
    rateRps,
  });

describe('the ONVIF bench load generator', () => {
  it.each([
    { name: 'closed loop', rateRps: undefined },
    { name: 'open loop', rateRps: 200 },
  ])('counts good answers and no errors ($name)', async ({ rateRps }) => {
    const target = await serve((_req, res) => send(res, 200, GOOD));
    const r = await phase([target, target], rateRps);
    expect(r.errors).toBe(0);
    expect(r.requests).toBeGreaterThan(0);
    expect(r.responseBytes).toBe(Buffer.byteLength(GOOD));
    expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
  });

  it.each<{ name: string; answer: Answer; sample: string }>([
    {
      name: 'a non-200 status',
      answer: (_req, res, n) => send(res, n % 3 === 2 ? 500 : 200, GOOD),
      sample: 'HTTP 500',
    },
    {
      name: 'a 200 without the expected body',
      answer: (_req, res, n) => send(res, 200, n % 3 === 2 ? '<Fault/>' : GOOD),
      sample: '200 without GetProfilesResponse',
    },
    {
      name: 'a chunked answer (no Content-Length)',
      answer: (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/soap+xml' });
        res.write(GOOD);
        res.end();
      },
      sample: 'without Content-Length',
    },
    {
      name: 'a dropped connection',
      answer: (req, res, n) => (n === 2 ? req.socket.destroy() : send(res, 200, GOOD)),
      sample: 'request in flight',
    },
  ])('counts $name as an error', async ({ answer, sample }) => {
    const target = await serve(answer);
    const r = await phase([target]);
    expect(r.errors).toBeGreaterThan(0);
    expect(r.errorSamples.join('\n')).toContain(sample);
  });

  it('answers a Digest challenge, then sends a valid Authorization with a rising nonce count', async () => {
    const nonces = new DigestNonces(Buffer.from('test-secret'));
    const counts: string[] = [];
    const target = await serve((req, res) => {
      const creds =
        req.headers.authorization === undefined ? undefined : parseDigestAuthorization(req.headers.authorization);
      const expectation = {
        profile: DIGEST_PROFILES.http,
        realm: 'camlab',
        method: 'POST',
        target: req.url ?? '',
        password: CREDENTIALS.password,
        nonces,
        nowMs: Date.now(),
      };
      const verdict = creds === undefined ? undefined : verifyDigest(creds, expectation);
      if (creds === undefined || verdict?.ok !== true || verdict.stale) {
        res
          .writeHead(401, {
            'WWW-Authenticate': digestChallenge(DIGEST_PROFILES.http, 'camlab', nonces.issue(Date.now()), false),
            'Content-Length': 0,
          })
          .end();
        return;
      }
      counts.push(creds.nc!);
      send(res, 200, GOOD);
    });
    const r = await phase([{ ...target, credentials: CREDENTIALS }]);
    expect(r.errors).toBe(0);
    expect(counts.slice(0, 3)).toEqual(['00000001', '00000002', '00000003']);
  });
});
