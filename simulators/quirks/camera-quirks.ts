import type { EventMessage } from '../events/event-message.ts';
import { findQuirk } from './catalog.ts';
import { parseQuirkParams } from './model-quirks.ts';
import { noStreamQuirks, type StreamQuirks } from '../rtsp/stream-quirks.ts';
import type {
  AuthLoosening,
  DiscoveryReplyDraft,
  OnvifAnswer,
  OnvifRequestAction,
  OnvifRequestView,
  QuirkCamera,
  QuirkHooks,
  RtspRequestAction,
  RtspRequestView,
  SubscriptionSlots,
} from './quirk.ts';

/** A quirk running on a camera: who switched it on (the model, or a fault id), which, with what. */
export interface ActiveQuirk {
  owner: string;
  id: string;
  params: Readonly<Record<string, unknown>>;
}

/** The owner of the quirks a camera's model declares. */
export const MODEL_OWNER = 'model';

/**
 * What CameraQuirks reads and sets on the camera it belongs to (the Camera class, which holds it):
 * the camera quirks bend, its id for errors, its model's session cap, and the RTSP/RTP settings
 * it resolves.
 */
export interface QuirkedCamera extends QuirkCamera {
  readonly id: string;
  readonly model: QuirkCamera['model'] & { readonly maxRtspSessions?: number | undefined };
  streamQuirks: Readonly<StreamQuirks>;
}

interface Running extends ActiveQuirk {
  hooks: QuirkHooks;
}

/**
 * The quirks running on one camera and, per hook point, the ones that implement it. Servers ask
 * a hook point through the methods below; with no quirk implementing it each is one length check,
 * so a camera without quirks costs nothing extra.
 */
export class CameraQuirks {
  private running: Running[] = [];
  private onvifRequestHooks: QuirkHooks[] = [];
  private onvifResponseHooks: QuirkHooks[] = [];
  private authHooks: QuirkHooks[] = [];
  private clockHooks: QuirkHooks[] = [];
  private discoveryHooks: QuirkHooks[] = [];
  private eventHooks: QuirkHooks[] = [];
  private slotHooks: QuirkHooks[] = [];
  private rtspRequestHooks: QuirkHooks[] = [];
  private ownPortHooks: QuirkHooks[] = [];

  constructor(private readonly camera: QuirkedCamera) {
    // The model's session cap holds even with no quirk running.
    this.camera.streamQuirks = this.resolveStream([]);
  }

  /**
   * Switches a quirk on for `owner` (validating its parameters with the quirk's schema; throws
   * RangeError on bad ones). The same quirk may run twice under two owners.
   */
  add(owner: string, id: string, rawParams: unknown): void {
    const quirk = findQuirk(id);
    const parsed = parseQuirkParams(id, rawParams);
    if (quirk === undefined || 'issues' in parsed) {
      const issues =
        'issues' in parsed
          ? parsed.issues.map((i) => `${i.path.join('.') || id}: ${i.message}`).join('; ')
          : `unknown quirk '${id}'`;
      throw new RangeError(`camera ${this.camera.id}: quirk ${id}: ${issues}`);
    }
    const hooks = quirk.create(parsed.params, { camera: this.camera });
    this.running.push({ owner, id, params: parsed.params, hooks });
    this.index();
  }

  /** Switches off every quirk `owner` switched on (closing each). */
  remove(owner: string): void {
    const leaving = this.running.filter((r) => r.owner === owner);
    if (leaving.length === 0) return;
    this.running = this.running.filter((r) => r.owner !== owner);
    for (const r of leaving) r.hooks.close?.();
    this.index();
  }

  /** Closes every quirk (the camera is leaving). */
  closeAll(): void {
    for (const r of this.running) r.hooks.close?.();
    this.running = [];
    this.index();
  }

  get active(): readonly ActiveQuirk[] {
    return this.running.map(({ owner, id, params }) => ({ owner, id, params }));
  }

  private index(): void {
    const hooks = this.running.map((r) => r.hooks);
    this.onvifRequestHooks = hooks.filter((h) => h.onvifRequest !== undefined);
    this.onvifResponseHooks = hooks.filter((h) => h.onvifResponse !== undefined);
    this.authHooks = hooks.filter((h) => h.auth !== undefined);
    this.clockHooks = hooks.filter((h) => h.clockOffsetMs !== undefined);
    this.discoveryHooks = hooks.filter((h) => h.discoveryReply !== undefined);
    this.eventHooks = hooks.filter((h) => h.eventMessages !== undefined);
    this.slotHooks = hooks.filter((h) => h.subscriptionSlots !== undefined);
    this.rtspRequestHooks = hooks.filter((h) => h.rtspRequest !== undefined);
    this.ownPortHooks = hooks.filter((h) => h.subscriptionOwnPort !== undefined);
    this.camera.streamQuirks = this.resolveStream(hooks);
  }

  /** The RTSP/RTP settings: the model's session cap, then each running quirk's `stream` hook in turn. */
  private resolveStream(hooks: readonly QuirkHooks[]): Readonly<StreamQuirks> {
    const maxSessions = this.camera.model.maxRtspSessions;
    const streamHooks = hooks.filter((h) => h.stream !== undefined);
    if (streamHooks.length === 0 && maxSessions === undefined) return noStreamQuirks;
    const settings: StreamQuirks = { ...noStreamQuirks, maxSessions };
    for (const h of streamHooks) h.stream!(settings);
    return Object.freeze(settings);
  }

  // ---- hook points, as the servers call them ----

  get bendsOnvifRequests(): boolean {
    return this.onvifRequestHooks.length > 0;
  }

  onvifRequest(req: OnvifRequestView): OnvifRequestAction | undefined {
    for (const h of this.onvifRequestHooks) {
      const action = h.onvifRequest!(req);
      if (action !== undefined) return action;
    }
    return undefined;
  }

  get rewritesOnvifAnswers(): boolean {
    return this.onvifResponseHooks.length > 0;
  }

  onvifResponse(answer: OnvifAnswer): void {
    for (const h of this.onvifResponseHooks) h.onvifResponse!(answer);
  }

  /** 'open' wins over 'any-password'; undefined: authenticate normally. */
  auth(service: 'onvif' | 'snapshot'): AuthLoosening | undefined {
    let loosening: AuthLoosening | undefined;
    for (const h of this.authHooks) {
      const l = h.auth!(service);
      if (l === 'open') return l;
      if (l !== undefined) loosening = l;
    }
    return loosening;
  }

  clockOffsetMs(nowMs: number): number {
    let offsetMs = 0;
    for (const h of this.clockHooks) offsetMs += h.clockOffsetMs!(nowMs);
    return offsetMs;
  }

  get bendsDiscovery(): boolean {
    return this.discoveryHooks.length > 0;
  }

  discoveryReply(reply: DiscoveryReplyDraft): void {
    for (const h of this.discoveryHooks) h.discoveryReply!(reply);
  }

  get bendsEvents(): boolean {
    return this.eventHooks.length > 0;
  }

  /** The event messages subscribers get (the EventBroker's policy). */
  shape(messages: readonly EventMessage[]): EventMessage[] {
    let out = [...messages];
    for (const h of this.eventHooks) out = h.eventMessages!(out);
    return out;
  }

  /** The tightest slots any quirk sets, or undefined for the camera's default. */
  subscriptionSlots(): SubscriptionSlots | undefined {
    let slots: SubscriptionSlots | undefined;
    for (const h of this.slotHooks) {
      const s = h.subscriptionSlots!();
      if (slots === undefined || s.max < slots.max) slots = s;
    }
    return slots;
  }

  subscriptionOwnPort(): boolean {
    return this.ownPortHooks.some((h) => h.subscriptionOwnPort!());
  }

  get bendsRtsp(): boolean {
    return this.rtspRequestHooks.length > 0;
  }

  rtspRequest(req: RtspRequestView): RtspRequestAction | undefined {
    for (const h of this.rtspRequestHooks) {
      const action = h.rtspRequest!(req);
      if (action !== undefined) return action;
    }
    return undefined;
  }
}
