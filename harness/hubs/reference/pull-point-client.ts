import type { Clock, TimerHandle } from '../../../simulators/clock/clock.ts';
import { children, textAt } from '../../../simulators/wire/xml-element.ts';
import { deviceClockOffsetMs } from '../../probe/device-clock.ts';
import { soapCall, type SoapReply } from '../../probe/soap-call.ts';

/**
 * How the hub keeps its event subscription to one camera (the knob the event-gaming variants turn):
 * - 'keep-alive': subscribes, long-polls PullMessages, renews, and after any failure (a camera
 *   reboot ends every subscription) subscribes again with back-off
 * - 'subscribe-only': creates the pull point and never pulls nor renews it
 * - 'pull-once': pulls once after subscribing, then never again (the pull point lapses)
 * - 'same-address': keeps pulling and renewing the address it first got, through failures, and
 *   never subscribes again (a rebooted camera's old subscription is gone for good)
 * - 'none': never subscribes
 */
export type EventSubscriptionMode = 'keep-alive' | 'subscribe-only' | 'pull-once' | 'same-address' | 'none';

export interface PullPointClientOptions {
  mode: EventSubscriptionMode;
  clock: Clock;
  /** The camera's ONVIF device service URL now (it changes when the hub follows a move). */
  deviceUrl(): string;
  user: string;
  password: string;
  /**
   * The camera's clock: 'read-each-subscription' reads it before every subscription (a rebooted
   * camera's clock may have reset); 'learnt-once' keeps the offset read before the first.
   */
  deviceClock: 'read-each-subscription' | 'learnt-once';
}

/** The pull point's termination time when created or renewed (event.wsdl: shut down without further pulls). */
export const terminationS = 60;
/** PullMessages waits this long at the camera for a message. */
export const pullTimeoutS = 5;
/** Renew this often: a third of the termination time, so two missed renewals still leave it alive. */
export const renewEveryMs = 20_000;
/** Back-off before subscribing again after a failure: doubles from the first to the last. */
export const resubscribeBackoffMs = { first: 2_000, max: 16_000 } as const;
/** Every request ends by then (wall time), whatever the camera does; a pull gets its own wait on top. */
const requestDeadlineMs = 5_000;
/** Unsubscribe on stop is a courtesy: it must not hold the hub's close up. */
const unsubscribeDeadlineMs = 2_000;
/** A pull answered this fast with nothing in it means the camera did not wait: do not spin. */
const minPullMs = 200;

const TEV = 'http://www.onvif.org/ver10/events/wsdl';
const WSNT = 'http://docs.oasis-open.org/wsn/b-2';
const TDS = 'http://www.onvif.org/ver10/device/wsdl';
const WSN_ACTION = 'http://docs.oasis-open.org/wsn/bw-2';

/** The request failed or the camera refused it: the subscription (or the lookup) is not usable. */
class SubscriptionLost extends Error {}

const answered = (r: SoapReply): boolean =>
  r.status >= 200 && r.status < 300 && r.fault === undefined && r.payload !== undefined;

/**
 * A WS-BaseNotification pull-point client for one camera, as a hub keeps one: find the events
 * service (GetCapabilities), CreatePullPointSubscription, long-poll PullMessages, Renew every
 * 20 s, subscribe again with back-off (2 s doubling to 16 s) after a failure, Unsubscribe on
 * stop. Every request carries the stop signal and a deadline; every timer is cancelled on stop,
 * so a stopped client holds no handle.
 */
export class PullPointClient {
  private readonly stopping = new AbortController();
  private readonly timers = new Set<TimerHandle>();
  private address: string | undefined;
  /** The camera's clock minus ours, as last read (see `deviceClock`). */
  private clockOffsetMs: number | undefined;
  private renewer: TimerHandle | undefined;
  private loop: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;

  constructor(private readonly opts: PullPointClientOptions) {}

  start(): void {
    if (this.loop !== undefined || this.opts.mode === 'none') return;
    this.loop = this.run().catch(() => undefined);
  }

  /** Ends the loop, cancels every timer, and unsubscribes what it holds (bounded). Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping.abort();
      this.renewer?.cancel();
      for (const t of this.timers) t.cancel();
      this.timers.clear();
      await this.loop;
      const address = this.address;
      this.address = undefined;
      if (address !== undefined)
        await this.call(
          address,
          `<wsnt:Unsubscribe xmlns:wsnt="${WSNT}"/>`,
          `${WSN_ACTION}/SubscriptionManager/UnsubscribeRequest`,
          unsubscribeDeadlineMs,
          false,
        ).catch(() => undefined);
    })();
    return this.stopped;
  }

  private get halted(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(): Promise<void> {
    try {
      await this.keepSubscribed();
    } finally {
      // A Renew timer started just before stop() must not outlive the loop.
      this.renewer?.cancel();
      this.renewer = undefined;
    }
  }

  private async keepSubscribed(): Promise<void> {
    const { mode } = this.opts;
    let backoffMs: number = resubscribeBackoffMs.first;
    while (!this.halted) {
      try {
        if (this.address === undefined || mode !== 'same-address') await this.subscribe();
        backoffMs = resubscribeBackoffMs.first;
        if (mode === 'subscribe-only') return;
        if (mode === 'pull-once') return void (await this.pull());
        this.keepRenewing();
        for (;;) await this.pull();
      } catch {
        if (this.halted) return;
        this.renewer?.cancel();
        this.renewer = undefined;
        // A hub that keeps its address pulls it again; the others start over with a new subscription.
        if (mode !== 'same-address') this.address = undefined;
        await this.wait(backoffMs);
        backoffMs = Math.min(backoffMs * 2, resubscribeBackoffMs.max);
      }
    }
  }

  private async subscribe(): Promise<void> {
    const device = this.opts.deviceUrl();
    // WS-UsernameToken is stamped in the camera's time, so its clock is read first, as ONVIF clients do.
    if (this.clockOffsetMs === undefined || this.opts.deviceClock === 'read-each-subscription')
      this.clockOffsetMs =
        (await deviceClockOffsetMs(device, requestDeadlineMs, this.stopping.signal)) ?? this.clockOffsetMs;
    const caps = await this.call(
      device,
      `<tds:GetCapabilities xmlns:tds="${TDS}"><tds:Category>Events</tds:Category></tds:GetCapabilities>`,
    );
    const events = textAt(caps.payload, 'Capabilities', 'Events', 'XAddr')?.trim();
    if (events === undefined || !URL.canParse(events))
      throw new SubscriptionLost(`${device}: no events service in GetCapabilities`);
    const created = await this.call(
      events,
      `<tev:CreatePullPointSubscription xmlns:tev="${TEV}"><tev:InitialTerminationTime>PT${terminationS}S</tev:InitialTerminationTime></tev:CreatePullPointSubscription>`,
      `${TEV}/EventPortType/CreatePullPointSubscriptionRequest`,
    );
    const address = textAt(created.payload, 'SubscriptionReference', 'Address')?.trim();
    if (address === undefined || !URL.canParse(address))
      throw new SubscriptionLost(`${events}: CreatePullPointSubscription gave no address`);
    this.address = address;
  }

  private async pull(): Promise<void> {
    const address = this.address;
    if (address === undefined) throw new SubscriptionLost('no subscription');
    const startedMs = Date.now();
    const reply = await this.call(
      address,
      `<tev:PullMessages xmlns:tev="${TEV}"><tev:Timeout>PT${pullTimeoutS}S</tev:Timeout><tev:MessageLimit>100</tev:MessageLimit></tev:PullMessages>`,
      `${TEV}/PullPointSubscription/PullMessagesRequest`,
      requestDeadlineMs + pullTimeoutS * 1_000,
    );
    // The messages themselves are not used: what is judged is that the hub keeps receiving them.
    if (children(reply.payload, 'NotificationMessage').length === 0 && Date.now() - startedMs < minPullMs)
      await this.wait(1_000);
  }

  /** Renews the subscription every 20 s while it holds one; a failed Renew ends the current pull too. */
  private keepRenewing(): void {
    this.renewer?.cancel();
    if (this.halted) return;
    const renewer = this.opts.clock.setInterval(() => {
      const address = this.address;
      if (address === undefined || this.halted) return;
      this.call(
        address,
        `<wsnt:Renew xmlns:wsnt="${WSNT}"><wsnt:TerminationTime>PT${terminationS}S</wsnt:TerminationTime></wsnt:Renew>`,
        `${WSN_ACTION}/SubscriptionManager/RenewRequest`,
      ).catch(() => {
        // The pull that follows finds out for itself; a Renew alone does not restart the loop.
      });
    }, renewEveryMs);
    this.renewer = renewer;
  }

  /** One SOAP request with the stop signal and a deadline; anything but a 2xx answer is SubscriptionLost. */
  private async call(
    url: string,
    body: string,
    action?: string,
    deadlineMs = requestDeadlineMs,
    stoppable = true,
  ): Promise<SoapReply> {
    const reply = await soapCall(
      url,
      body,
      { type: 'digest', user: this.opts.user, password: this.opts.password },
      deadlineMs,
      {
        nowMs: Date.now() + (this.clockOffsetMs ?? 0),
        ...(action === undefined ? {} : { addressing: { action, to: url } }),
        ...(stoppable ? { signal: this.stopping.signal } : {}),
      },
    );
    if (!answered(reply))
      throw new SubscriptionLost(`${url}: HTTP ${reply.status}${reply.fault === undefined ? '' : ` ${reply.fault}`}`);
    return reply;
  }

  /** Waits on the run's clock; stop() ends the wait at once. */
  private wait(ms: number): Promise<void> {
    if (this.halted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        this.timers.delete(timer);
        this.stopping.signal.removeEventListener('abort', done);
        timer.cancel();
        resolve();
      };
      const timer = this.opts.clock.setTimeout(done, ms);
      this.timers.add(timer);
      this.stopping.signal.addEventListener('abort', done, { once: true });
    });
  }
}
