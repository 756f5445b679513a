import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onvifUrl } from '../../../../simulators/camera/uris.ts';
import { VirtualClock } from '../../../../simulators/clock/virtual-clock.ts';
import type { OnvifRequestObservation } from '../../../../simulators/observations/observation.ts';
import { ADMIN, type OnvifFixture, startOnvifFixture } from '../../../../simulators/onvif/e2e/onvif-fixture.ts';
import {
  PullPointClient,
  type EventSubscriptionMode,
  renewEveryMs,
  resubscribeBackoffMs,
} from '../pull-point-client.ts';

/**
 * The mini hub's pull-point client against a real emulated camera over loopback HTTP. Time runs on
 * a VirtualClock shared by the camera and the client, so long polls, renewals and back-offs take
 * none; a test waits only for HTTP round trips.
 */
let fixture: OnvifFixture | undefined;
let client: PullPointClient | undefined;

afterEach(async () => {
  await client?.stop();
  await fixture?.close();
  client = undefined;
  fixture = undefined;
});

async function start(
  mode: EventSubscriptionMode,
  block: number,
): Promise<{ clock: VirtualClock; requests: () => OnvifRequestObservation[] }> {
  const clock = new VirtualClock(Date.now());
  fixture = await startOnvifFixture(block, ['fixed-1080p'], clock);
  const camera = fixture.cameras[0]!;
  client = new PullPointClient({
    mode,
    clock,
    deviceUrl: () => onvifUrl(camera, 'device'),
    deviceClock: 'read-each-subscription',
    user: ADMIN.username,
    password: ADMIN.password,
  });
  client.start();
  const requests = () =>
    fixture!.log.all().flatMap((o) => (o.kind === 'onvif.request' && o.service !== 'device' ? [o] : []));
  return { clock, requests };
}

const handles = (): string[] =>
  process
    .getActiveResourcesInfo()
    .filter((r) => r !== 'TTYWrap')
    .sort();

/** Handle types there are more of now than in `before`. */
function extraHandles(before: readonly string[]): string[] {
  const left = [...before];
  return handles().filter((h) => {
    const i = left.indexOf(h);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

/**
 * The handles the client and camera left behind once closed sockets have gone (up to 5 s),
 * polled between timers so the poll's own timer is not among them (vi.waitFor's would be).
 */
async function leftBehind(before: readonly string[]): Promise<string[]> {
  for (let i = 0; i < 50 && extraHandles(before).length > 0; i++) await sleep(100);
  return extraHandles(before);
}

const operations = (rs: readonly OnvifRequestObservation[]) => rs.map((r) => `${r.operation} ${r.httpStatus}`);

/** The camera goes down (its subscriptions end) and comes back up after its boot time. */
function powerCycle(f: OnvifFixture, clock: VirtualClock): void {
  const camera = f.cameras[0]!;
  camera.powerOff('test');
  camera.boot(clock, 'test');
  clock.advance(camera.model.bootTimeMs);
}

describe('PullPointClient against an emulated camera', () => {
  it('subscribes, long-polls, renews every 20 s, and unsubscribes on stop leaving no handle behind', async () => {
    const before = handles();
    const { clock, requests } = await start('keep-alive', 61);
    await vi.waitFor(() =>
      expect(operations(requests())).toEqual(['CreatePullPointSubscription 200', 'PullMessages 200']),
    );
    clock.advance(renewEveryMs);
    await vi.waitFor(() => expect(operations(requests())).toContain('Renew 200'));
    // The parked pull ends at its 5 s timeout on the camera's clock, and the next one follows.
    await vi.waitFor(() => {
      clock.advance(1_000);
      expect(requests().filter((r) => r.operation === 'PullMessages').length).toBeGreaterThanOrEqual(3);
    });
    await client!.stop();
    await vi.waitFor(() => expect(operations(requests())).toContain('Unsubscribe 200'));
    await fixture!.close();
    fixture = undefined;
    expect(clock.pendingCount()).toBe(0);
    expect(await leftBehind(before)).toEqual([]);
  });

  it('subscribes again after the camera reboots (its old subscription is gone)', async () => {
    const { clock, requests } = await start('keep-alive', 62);
    await vi.waitFor(() => expect(operations(requests())).toContain('PullMessages 200'));
    powerCycle(fixture!, clock);
    // The old subscription's address is dead; the client backs off (2 s, doubling) and subscribes again.
    await vi.waitFor(() => {
      clock.advance(resubscribeBackoffMs.first);
      expect(
        requests().filter((r) => r.operation === 'CreatePullPointSubscription' && r.httpStatus === 200),
      ).toHaveLength(2);
    });
    await vi.waitFor(() => expect(operations(requests()).at(-1)).toBe('PullMessages 200'));
  });

  it('never-resubscribes keeps to the address it first got after a reboot, and never subscribes again', async () => {
    const { clock, requests } = await start('same-address', 63);
    await vi.waitFor(() => expect(operations(requests())).toContain('PullMessages 200'));
    powerCycle(fixture!, clock);
    for (let i = 0; i < 10; i++) {
      clock.advance(resubscribeBackoffMs.max / 2);
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Long enough for the keep-alive client above to have subscribed again several times.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requests().filter((r) => r.operation === 'CreatePullPointSubscription')).toHaveLength(1);
  });

  it('never-pulls creates the pull point and asks nothing more; never-renews pulls once', async () => {
    const { clock, requests } = await start('subscribe-only', 64);
    await vi.waitFor(() => expect(operations(requests())).toEqual(['CreatePullPointSubscription 200']));
    clock.advance(renewEveryMs * 2);
    await client!.stop();
    expect(operations(requests())).toEqual(['CreatePullPointSubscription 200', 'Unsubscribe 200']);
    await fixture!.close();

    const once = await start('pull-once', 65);
    await vi.waitFor(() =>
      expect(operations(once.requests())).toEqual(['CreatePullPointSubscription 200', 'PullMessages 200']),
    );
    once.clock.advance(renewEveryMs * 2);
    await client!.stop();
    expect(operations(once.requests())).toEqual([
      'CreatePullPointSubscription 200',
      'PullMessages 200',
      'Unsubscribe 200',
    ]);
  });
});
