import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebhookReceiver, maxWebhookBodyBytes, type WebhookCall } from './webhook-receiver.ts';

let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  // A server's handle goes a moment after close's callback; let it go before the next test counts.
  await vi.waitFor(() => expect(servers()).toBe(0), { timeout: 2000 });
});

const servers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;

describe('WebhookReceiver', () => {
  it('answers 200 and hands JSON, form and query calls to the handlers of their instance', async () => {
    receiver = await WebhookReceiver.start({ host: '127.14.0.1', now: () => 42 });
    const council: WebhookCall[] = [];
    const police: WebhookCall[] = [];
    receiver.on('council', (c) => council.push(c));
    receiver.on('police', (c) => police.push(c));
    const json = await fetch(`${receiver.urlFor('council')}/camera-lost?camera=3`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'cam-3' }),
    });
    expect(json.status).toBe(200);
    const form = await fetch(`${receiver.urlFor('police')}/event`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'camera=7&state=lost',
    });
    expect(form.status).toBe(200);
    expect(council).toEqual([
      expect.objectContaining({
        instance: 'council',
        path: '/camera-lost',
        method: 'POST',
        query: { camera: '3' },
        body: { id: 'cam-3' },
        receivedAtMs: 42,
      }),
    ]);
    expect(police.map((c) => c.body)).toEqual([{ camera: '7', state: 'lost' }]);
    expect(receiver.received).toBe(2);
  });

  it('refuses malformed JSON with 400, other paths with 404, and oversized bodies with 413', async () => {
    receiver = await WebhookReceiver.start({ host: '127.14.0.1' });
    const seen: WebhookCall[] = [];
    receiver.on('hub', (c) => seen.push(c));
    const bad = await fetch(receiver.urlFor('hub'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"x":',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/not valid JSON/);
    expect((await fetch(receiver.baseUrl.replace('/hooks', '/other'))).status).toBe(404);
    const big = await fetch(receiver.urlFor('hub'), { method: 'POST', body: 'x'.repeat(maxWebhookBodyBytes + 1) });
    expect(big.status).toBe(413);
    expect(seen).toEqual([]);
  });

  it('closes idempotently and refuses new handlers afterwards', async () => {
    const before = servers();
    const r = await WebhookReceiver.start({ host: '127.14.0.1' });
    await Promise.all([r.close(), r.close()]);
    expect(() => r.on('hub', () => undefined)).toThrow(/closed/);
    await vi.waitFor(() => expect(servers()).toBe(before), { timeout: 2000 });
  });
});
