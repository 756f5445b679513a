import type { z } from 'zod';
import type { CameraAddressing } from '../camera/camera-addressing.ts';
import type { SlotsFullMode } from '../events/event-broker.ts';
import type { EventMessage } from '../events/event-message.ts';
import type { CameraPowerState } from '../observations/observation.ts';
import type { RtpDiscontinuity, StreamQuirks } from '../rtsp/stream-quirks.ts';

export type { SlotsFullMode };

/**
 * A quirk is one way real camera firmware departs from the standard that has broken a hub in
 * the field: a small named module whose hooks bend the emulated camera at a few narrow points.
 * A camera runs its model's quirks always, and a scenario can switch one on for a while (the
 * `quirk` fault kind). A camera with no quirks pays nothing: each server asks a hook point only
 * when some active quirk implements it (see CameraQuirks).
 */

/** A public report of a hub failing on this behaviour: the repository and issue number read. */
export interface QuirkReport {
  /** 'owner/name' on GitHub. */
  repo: string;
  issue: number;
  /** One line: what the hub did when it met the behaviour. */
  note: string;
}

/** An ONVIF operation about to be served (after parsing, before authentication and the handler). */
export interface OnvifRequestView {
  service: string;
  operation: string;
  nowMs: number;
}

/** What a quirk makes of an ONVIF request instead of serving it normally. */
export type OnvifRequestAction =
  /** A SOAP fault with this HTTP status (subcode undefined: none, as some firmware writes them). */
  | { type: 'fault'; httpStatus: number; code: string; subcode: string | undefined; reason: string }
  /** A bare HTTP answer, no SOAP (a 401 page, a 404). */
  | { type: 'http'; status: number; contentType: string; body: string }
  /** A success answer with this response element, the handler skipped (a PTZ that never moves). */
  | { type: 'reply'; body: string }
  /** Served normally, this much later. */
  | { type: 'delay'; delayMs: number }
  /** Never answered: the connection stays open and silent. */
  | { type: 'hang' }
  /** The camera reboots instead of answering (its connections drop). */
  | { type: 'reboot' };

/**
 * An ONVIF answer about to be written; onvifResponse hooks may change any writable field. The
 * body is the whole SOAP envelope as text.
 */
export interface OnvifAnswer {
  readonly service: string;
  readonly operation: string;
  /** The fault this answer carries ('ter:NotAuthorized', 'env:Receiver'), undefined for a success. */
  readonly fault: string | undefined;
  status: number;
  contentType: string;
  body: string;
  /** Written slowly: chunkBytes every intervalMs (a drip-fed answer). */
  drip: { chunkBytes: number; intervalMs: number } | undefined;
}

/** How a quirk loosens authentication for a service: open (no credentials needed) or any password for a known user. */
export type AuthLoosening = 'open' | 'any-password';

/** A WS-Discovery message about to be sent (ProbeMatches, or the Hello a camera announces itself with); discoveryReply hooks may change it. */
export interface DiscoveryReplyDraft {
  readonly message: 'probe-matches' | 'hello';
  /** True for an answer to a Probe sent to the camera's own address; false for multicast Probes and Hello. */
  readonly directed: boolean;
  /** XAddrs in order (written space-separated). */
  xaddrs: string[];
  /** undefined: the MetadataVersion element is left out. */
  metadataVersion: number | undefined;
  /** The WS-Addressing namespace the reply is written in. */
  addressingNs: string;
  /** One entry per copy sent, each that many ms after the camera's normal reply time; empty: no reply. Hello is sent once, at once. */
  delaysMs: number[];
}

/** An RTSP request about to be served (after authentication and the session lookup). */
export interface RtspRequestView {
  method: string;
  uri: string;
  /** Sessions the camera holds now (every client's). */
  sessionCount: number;
  nowMs: number;
}

/** What a quirk makes of an RTSP request instead of serving it: an error status (453 Not Enough Bandwidth ...). */
export type RtspRequestAction = { type: 'status'; status: number; reason: string };

export interface SubscriptionSlots {
  /** Slots for each kind of subscription (pull points, push). */
  max: number;
  whenFull: SlotsFullMode;
}

/**
 * The hook points. Each is optional; a quirk implements the few it needs. They run per request
 * or per message, never per media frame; all may keep state in the quirk instance.
 */
export interface QuirkHooks {
  /** ONVIF request, before authentication and the handler; the first quirk that answers decides. */
  onvifRequest?(req: OnvifRequestView): OnvifRequestAction | undefined;
  /** ONVIF answer, before it is written; every quirk gets it in turn. */
  onvifResponse?(answer: OnvifAnswer): void;
  /** Authentication of a service: loosened, or undefined for normal checks. */
  auth?(service: 'onvif' | 'snapshot'): AuthLoosening | undefined;
  /** Milliseconds added to the device clock; summed with other quirks and faults. */
  clockOffsetMs?(nowMs: number): number;
  /** A ProbeMatches reply or a Hello; every quirk gets it in turn. */
  discoveryReply?(reply: DiscoveryReplyDraft): void;
  /** Event messages the camera is about to publish (Changed) or hand a new subscriber (Initialized); returns what is sent. */
  eventMessages?(messages: readonly EventMessage[]): EventMessage[];
  /** The camera's subscription slots (the default is 16 of each kind, fault when full). */
  subscriptionSlots?(): SubscriptionSlots;
  /** True: each new event subscription gets its own listener on a new port, named in its address. */
  subscriptionOwnPort?(): boolean;
  /** RTSP request, after authentication, before it is served; the first quirk that answers decides. */
  rtspRequest?(req: RtspRequestView): RtspRequestAction | undefined;
  /**
   * The RTSP/RTP side: sets fields of the settings the RTSP server obeys (session cap, SDP, RTP
   * clock, picture). Run whenever the camera's quirks change, in order, never per frame or request.
   */
  stream?(settings: StreamQuirks): void;
  /** Stops whatever the quirk started (listeners on the camera). */
  close?(): void;
}

export type QuirkHookName = Exclude<keyof QuirkHooks, 'close'>;

/**
 * The camera a quirk bends, as much of it as quirks use: where it is reached, its power changes
 * and its RTP clock. The Camera class satisfies it; quirks do not import the class, which runs
 * the quirks its model (validated against the catalog) names.
 */
export interface QuirkCamera extends CameraAddressing {
  on(event: 'power', listener: (state: CameraPowerState, cause: string) => void): unknown;
  off(event: 'power', listener: (state: CameraPowerState, cause: string) => void): unknown;
  jumpRtp(jump: RtpDiscontinuity): void;
}

/** What a quirk's create() gets: the camera it bends. */
export interface QuirkContext {
  camera: QuirkCamera;
}

export interface Quirk<S extends z.ZodType = z.ZodType> {
  /** kebab-case, unique: the name in model files, personalities, scenarios and the catalog. */
  readonly id: string;
  readonly title: string;
  /** What a client sees on the wire, in a sentence or two. */
  readonly wire: string;
  /** Public reports of hubs failing on it; empty when none was found (the catalog says so). */
  readonly reports: readonly QuirkReport[];
  /** Its parameters: a strict zod object with defaults, so `{}` (or `true` in a model file) switches it on. */
  readonly schema: S;
  /** The hook points it uses (a test checks create() implements exactly these). */
  readonly hooks: readonly QuirkHookName[];
  /**
   * Read from the model by what every process sees (the URL builders, the inventory), so only a
   * model or personality switches it on; a timed `quirk` fault refuses it.
   */
  readonly modelOnly?: boolean;
  create(params: z.output<S>, ctx: QuirkContext): QuirkHooks;
}

/** Keeps a quirk's schema and create() typed together at the definition site. */
export function defineQuirk<S extends z.ZodType>(quirk: Quirk<S>): Quirk {
  return quirk as unknown as Quirk;
}
