import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Camera } from '../camera/camera.ts';
import { onvifServicePaths, onvifUrl } from '../camera/uris.ts';
import { type Clock, systemClock } from '../clock/clock.ts';
import type { HttpRequest } from '../http/http-request-parser.ts';
import { type HttpExchange, HttpServer } from '../http/http-server.ts';
import { InvalidStateError } from '../wire/invalid-state-error.ts';
import { ParseError } from '../../media/errors/parse-error.ts';
import { deviceTopicMessages } from '../events/device-topics.ts';
import { CAMERA_TOPIC_SOURCES } from './services/tokens.ts';
import type { AuthMethod, OnvifRequestObservation } from '../observations/observation.ts';
import type { ObservationLog } from '../observations/observation-log.ts';
import { PtzHead } from '../ptz/ptz-head.ts';
import {
  DIGEST_PROFILES,
  DigestNonces,
  digestChallenge,
  isDigestScheme,
  parseDigestAuthorization,
  verifyDigest,
} from '../wire/digest-auth.ts';
import { NonceCache } from './nonce-cache.ts';
import { OnvifDevice, type ProfileName } from './onvif-device.ts';
import {
  type AccessClass,
  type OnvifRequestContext,
  type OnvifService,
  offeredOn,
  roleMayCall,
} from './onvif-service.ts';
import { deviceService } from './services/device-service.ts';
import { deviceIoService } from './services/deviceio-service.ts';
import { eventsService, subscriptionIdAt } from './services/events-service.ts';
import { imagingService } from './services/imaging-service.ts';
import { media2Service } from './services/media2-service.ts';
import { mediaService } from './services/media-service.ts';
import { ptzService } from './services/ptz-service.ts';
import { recordingService } from './services/recording-service.ts';
import { replayService } from './services/replay-service.ts';
import { searchService } from './services/search-service.ts';
import type { EventMessage } from '../events/event-message.ts';
import { allScopes } from './services/scopes.ts';
import { SOAP_MAX_BODY_BYTES, type UsernameToken, parseSoapRequest } from './soap-request.ts';
import { SoapFault, faults } from '../wire/soap-fault.ts';
import { envelope, faultResponse } from '../wire/soap-writer.ts';
import { USERNAME_TOKEN_FRESHNESS_MS, verifyUsernameToken } from './ws-security.ts';
import type { OnvifAnswer, OnvifRequestAction } from '../quirks/quirk.ts';

export interface OnvifServerOptions {
  log: ObservationLog;
  clock?: Clock;
  snapshot: (camera: Camera, profile: ProfileName) => Promise<Buffer>;
}

/** A 401 under HTTP Digest: the response carries a fresh challenge (stale=true when only the nonce aged). */
class DigestChallengeFault extends SoapFault {
  constructor(
    reason: string,
    readonly stale: boolean,
  ) {
    super('env:Sender', 'ter:NotAuthorized', 401, `Sender not authorized: ${reason}`);
  }
}

/** Who a request is served as when a quirk leaves the camera open: an administrator with no name of its own. */
const OPEN_DOOR_USER = {
  username: '(none)',
  password: '',
  role: 'Administrator',
} as const satisfies Camera['users'][number];

/** One lifecycle error for the server and its listeners: addCamera after close() throws it. */

const SERVICES: readonly OnvifService[] = [
  deviceService,
  mediaService,
  media2Service,
  ptzService,
  eventsService,
  imagingService,
  deviceIoService,
  recordingService,
  searchService,
  replayService,
];
const SERVICE_BY_PATH = new Map<string, OnvifService>(SERVICES.map((s) => [onvifServicePaths[s.name], s]));
const SERVICE_BY_NS = new Map<string, OnvifService>(SERVICES.map((s) => [s.ns, s]));
const SERVICE_BY_NAME = new Map<string, OnvifService>(SERVICES.map((s) => [s.name, s]));
const REALM = 'camlab';
const SOAP_CONTENT_TYPE = 'application/soap+xml; charset=utf-8';
const SOAP_HEADERS: Readonly<Record<string, string>> = { 'Content-Type': SOAP_CONTENT_TYPE };

interface Authenticated {
  method: AuthMethod;
  user: Camera['users'][number] | undefined;
  /** The name the client offered, kept when refused: a hub that tried plain text must show in the record. */
  username?: string;
}

function digestUsername(authorization: string): string | undefined {
  try {
    return parseDigestAuthorization(authorization).username;
  } catch (err) {
    if (err instanceof ParseError) return undefined;
    throw err;
  }
}

/** What the client tried, before it is checked (the record keeps it when authentication fails). */
function attemptedAuth(token: UsernameToken | undefined, req: HttpRequest): Authenticated {
  if (token !== undefined)
    return { method: token.passwordType === 'digest' ? 'digest' : 'text', user: undefined, username: token.username };
  const authorization = req.headers.get('authorization');
  if (authorization !== undefined && isDigestScheme(authorization)) {
    return { method: 'http-digest', user: undefined, username: digestUsername(authorization) };
  }
  if (authorization !== undefined && /^basic\s/i.test(authorization)) return { method: 'basic', user: undefined };
  return { method: 'none', user: undefined };
}

/**
 * Serves ONVIF (SOAP 1.2 over HTTP) and the snapshot JPEG for many cameras, each on its own
 * listener at camera.network.address:onvifPort. A listener exists only while its camera is up;
 * it moves when the camera is readdressed. Every request becomes an 'onvif.request' observation.
 */
export class OnvifServer {
  private readonly log: ObservationLog;
  private readonly clock: Clock;
  private readonly snapshot: OnvifServerOptions['snapshot'];
  private readonly devices = new Map<string, OnvifDevice>();
  private readonly nonces = new NonceCache(2 * USERNAME_TOKEN_FRESHNESS_MS);
  private readonly digestNonces = new DigestNonces(randomBytes(32));
  /** Connections a fault told to hang: accepted, never answered. */
  private readonly hung = new WeakSet<Socket>();
  private readonly transitions = new Map<string, Promise<void>>();
  /** Each camera's last answer as bytes: a hub polling GetProfiles gets the same envelope, encoded once. Keyed on the body's content, so it can never be stale. */
  private readonly lastAnswer = new WeakMap<OnvifDevice, { inner: string; bytes: Buffer }>();
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(opts: OnvifServerOptions) {
    this.log = opts.log;
    this.clock = opts.clock ?? systemClock;
    this.snapshot = opts.snapshot;
  }

  async addCamera(camera: Camera): Promise<void> {
    if (this.closed) throw new InvalidStateError('OnvifServer is closed');
    if (this.devices.has(camera.id)) throw new InvalidStateError(`camera ${camera.id} is already served`);
    const device = new OnvifDevice(camera, this.clock);
    if (camera.model.ptz !== undefined) {
      device.ptz = new PtzHead(camera.model.ptz, this.clock.now());
      camera.ptz = device.ptz;
    }
    const onPower = (state: string): void => {
      if (state !== 'up') device.dropEvents();
      void this.sync(device);
    };
    const onReaddress = (): void => void this.sync(device);
    const onDeviceEvent = (topic: string, state: boolean): void => this.raise(device, topic, state);
    camera.on('power', onPower);
    camera.on('readdress', onReaddress);
    camera.on('deviceEvent', onDeviceEvent);
    device.detach = () => {
      camera.off('power', onPower);
      camera.off('readdress', onReaddress);
      camera.off('deviceEvent', onDeviceEvent);
    };
    this.devices.set(camera.id, device);
    await this.sync(device);
    if (camera.power === 'up' && device.server === undefined) {
      this.devices.delete(camera.id);
      device.detach();
      throw new Error(`camera ${camera.id}: could not listen on ${camera.network.address}:${camera.network.onvifPort}`);
    }
  }

  async removeCamera(id: string): Promise<void> {
    const device = this.devices.get(id);
    if (device === undefined) return;
    this.devices.delete(id);
    device.detach?.();
    device.dropEvents();
    if (device.camera.ptz === device.ptz) device.camera.ptz = undefined;
    await this.sync(device);
  }

  /** Idempotent; later addCamera calls throw InvalidStateError. */
  close(): Promise<void> {
    this.closed = true;
    this.closing ??= Promise.all([...this.devices.keys()].map((id) => this.removeCamera(id))).then(() => undefined);
    return this.closing;
  }

  /** The device state of a served camera (tests and the fleet read settings and PTZ from it). */
  device(id: string): OnvifDevice | undefined {
    return this.devices.get(id);
  }

  /** A camera's current scopes, client changes included: pass as DiscoveryService's `scopes` option. */
  scopes(camera: Camera): string[] {
    return allScopes(camera, this.devices.get(camera.id)?.settings?.scopes);
  }

  // ---- listener lifecycle: one serialized transition chain per camera ----

  private sync(device: OnvifDevice): Promise<void> {
    const id = device.camera.id;
    const next = (this.transitions.get(id) ?? Promise.resolve()).then(() => this.reconcile(device));
    const tracked = next.finally(() => {
      if (this.transitions.get(id) === tracked) this.transitions.delete(id);
    });
    this.transitions.set(id, tracked);
    return tracked;
  }

  private async reconcile(device: OnvifDevice): Promise<void> {
    const cam = device.camera;
    const wanted = this.devices.get(cam.id) === device && cam.power === 'up';
    const target = `${cam.network.address}:${cam.network.onvifPort}`;
    if (device.server !== undefined && (!wanted || device.boundAt !== target)) await this.stopListening(device);
    if (wanted && device.server === undefined) {
      try {
        await this.startListening(device);
      } catch (err) {
        console.error(`onvif: camera ${cam.id} cannot listen on ${target}: ${(err as Error).message}`);
      }
    }
  }

  private deviceHttpServer(device: OnvifDevice): HttpServer {
    return new HttpServer({
      // A SOAP body over the limit is still handed over (empty), so it is answered with a SOAP fault.
      limits: { maxHeaderBytes: 16 * 1024, maxHeaderCount: 100, maxBodyBytes: SOAP_MAX_BODY_BYTES },
      onConnection: (socket, peer) => this.onConnection(device, socket, peer),
      handler: (exchange) => this.onRequest(device, exchange),
    });
  }

  /**
   * Where a new subscription's address points. Normally the camera's events service; with the
   * subscription-manager-own-port quirk, a listener on a new port opened for this subscription
   * (serving the whole device, as embedded web servers do). Listeners of subscriptions that have
   * ended are closed first, and all of them when the camera goes down, so the count stays bounded
   * by the camera's subscription slots.
   */
  private async subscriptionBase(device: OnvifDevice, id: string): Promise<string> {
    const cam = device.camera;
    if (!cam.quirks.subscriptionOwnPort()) return onvifUrl(cam, 'events');
    for (const [other, listener] of device.subscriptionListeners) {
      if (device.events.subscription(other) !== undefined) continue;
      device.subscriptionListeners.delete(other);
      void listener.server.close();
    }
    const server = this.deviceHttpServer(device);
    const addr = await server.listen(0, cam.network.address);
    const base = `http://${cam.network.address}:${addr.port}${onvifServicePaths.events}`;
    device.subscriptionListeners.set(id, { server, base });
    return base;
  }

  private async startListening(device: OnvifDevice): Promise<void> {
    const cam = device.camera;
    const server = this.deviceHttpServer(device);
    const addr = await server.listen(cam.network.onvifPort, cam.network.address);
    // Port 0 asks the OS for one; the camera keeps it so its URLs and later re-listens agree.
    if (cam.network.onvifPort === 0) cam.network.onvifPort = addr.port;
    device.server = server;
    device.boundAt = `${cam.network.address}:${cam.network.onvifPort}`;
  }

  private async stopListening(device: OnvifDevice): Promise<void> {
    const server = device.server;
    if (server === undefined) return;
    device.server = undefined;
    device.boundAt = undefined;
    const listeners = [...device.subscriptionListeners.values()].map((l) => l.server.close());
    device.subscriptionListeners.clear();
    await Promise.all([server.close(), ...listeners]);
  }

  private onConnection(device: OnvifDevice, socket: Socket, peer: string): void {
    const nowMs = this.clock.now();
    this.log.record({ kind: 'connection', atMs: nowMs, camera: device.camera.id, client: peer, service: 'onvif' });
    const verdict = device.camera.connectionVerdict('onvif', nowMs);
    if (verdict === 'reset') socket.resetAndDestroy();
    else if (verdict === 'hang') this.hung.add(socket);
  }

  // ---- requests ----

  private onRequest(device: OnvifDevice, exchange: HttpExchange): void {
    if (this.hung.has(exchange.socket)) return;
    const req = exchange.request;
    const q = req.target.indexOf('?');
    const path = q < 0 ? req.target : req.target.slice(0, q);
    let service = SERVICE_BY_PATH.get(path);
    if ((req.method === 'GET' || req.method === 'HEAD') && service === undefined) {
      this.onSnapshot(device, exchange, path);
      return;
    }
    // Pull points and push subscription managers live under the events service path.
    const subscriptionId = service === undefined ? subscriptionIdAt(path) : undefined;
    if (subscriptionId !== undefined) service = eventsService;
    if (service === undefined || !offeredOn(service, device.camera)) {
      exchange.reply({ status: 404, headers: { 'Content-Type': 'text/plain' }, body: `no ONVIF service at ${path}\n` });
      return;
    }
    if (req.method !== 'POST') {
      exchange.reply({
        status: 405,
        headers: { Allow: 'POST', 'Content-Type': 'text/plain' },
        body: 'SOAP requests use POST\n',
      });
      return;
    }
    if (exchange.bodyTooLarge) {
      const { status, body } = faultResponse(faults.tooLarge(SOAP_MAX_BODY_BYTES));
      exchange.reply({ status, headers: { 'Content-Type': SOAP_CONTENT_TYPE }, body });
      this.observe(
        device,
        exchange.peer,
        service.name,
        '',
        { method: 'none', user: undefined },
        status,
        'ter:WellFormed',
      );
      return;
    }
    void this.handleSoap(device, service, subscriptionId, exchange);
  }

  private async handleSoap(
    device: OnvifDevice,
    pathService: OnvifService,
    subscriptionId: string | undefined,
    exchange: HttpExchange,
  ): Promise<void> {
    const camera = device.camera;
    const nowMs = this.clock.now();
    const client = exchange.peer;
    const req = exchange.request;
    const bytes = req.body;
    let serviceName: string = pathService.name;
    let operation = '';
    let auth: Authenticated = { method: 'none', user: undefined };
    const afterResponse: Array<() => void> = [];
    const responseHeader: string[] = [];
    let status = 200;
    let faultName: string | undefined;
    let body: string | Buffer;
    let challenge: string | undefined;
    try {
      // curl --digest and similar clients first send the request with an empty body and no
      // credentials, expecting the challenge; a real camera answers 401, not a parse fault.
      if (bytes.length === 0 && !req.headers.has('authorization'))
        throw new DigestChallengeFault('no credentials', false);
      const soap = parseSoapRequest(bytes);
      operation = soap.operation;
      const byNs = SERVICE_BY_NS.get(soap.operationNs);
      // Some clients post every operation to the device service; the operation's namespace decides.
      const service =
        byNs !== undefined && offeredOn(byNs, camera) && byNs.operations.has(operation) ? byNs : pathService;
      serviceName = service.name;
      const operationDef = service.operations.get(operation);
      if (operationDef === undefined) throw faults.actionNotSupported(service.name, operation);
      try {
        auth = this.authenticate(device, soap.usernameToken, req, nowMs, operationDef.access);
      } catch (err) {
        auth = attemptedAuth(soap.usernameToken, req);
        throw err;
      }
      const role = auth.user?.role ?? (camera.model.auth.onvifNone ? 'Administrator' : 'Anonymous');
      if (!roleMayCall(role, operationDef.access))
        throw faults.notAuthorized(`${auth.user?.username ?? 'anonymous'} (${role}) may not call ${operation}`);
      const action = camera.soapAction(service.name, operation, nowMs);
      if (action?.type === 'fault') throw new SoapFault(action.code, action.subcode, action.httpStatus, action.reason);
      if (action?.type === 'delay' && !(await this.answerLater(exchange, action.delayMs)))
        return this.observe(device, client, serviceName, operation, auth, 499, undefined);
      let quirk = camera.quirks.bendsOnvifRequests
        ? camera.quirks.onvifRequest({ service: service.name, operation, nowMs })
        : undefined;
      if (quirk?.type === 'delay') {
        if (!(await this.answerLater(exchange, quirk.delayMs)))
          return this.observe(device, client, serviceName, operation, auth, 499, undefined);
        quirk = undefined;
      }
      let inner: string;
      if (quirk === undefined) {
        const subscriptionBase = (id: string): Promise<string> => this.subscriptionBase(device, id);
        const offered = (name: string): OnvifService | undefined => {
          const s = SERVICE_BY_NAME.get(name);
          return s !== undefined && offeredOn(s, camera) ? s : undefined;
        };
        const ctx: OnvifRequestContext = {
          device,
          camera,
          clock: this.clock,
          nowMs,
          req: soap,
          client,
          user: auth.user,
          log: this.log,
          subscriptionId,
          afterResponse,
          responseHeader,
          subscriptionBase,
          offered,
        };
        const result = operationDef.handler(ctx);
        inner = typeof result === 'string' ? result : await result;
      } else {
        const settled = this.quirkAction(device, exchange, quirk, serviceName, operation, auth);
        if (settled === undefined) return;
        inner = settled;
      }
      body =
        responseHeader.length === 0 && !camera.quirks.rewritesOnvifAnswers
          ? this.encoded(device, inner)
          : envelope(inner, responseHeader.join(''));
    } catch (err) {
      let fault: SoapFault;
      if (err instanceof SoapFault) {
        fault = err;
      } else {
        console.error(`onvif: camera ${camera.id} ${serviceName}/${operation}: ${(err as Error).stack ?? String(err)}`);
        fault = new SoapFault('env:Receiver', 'ter:Action', 500, 'internal error');
      }
      if (err instanceof DigestChallengeFault)
        challenge = digestChallenge(DIGEST_PROFILES.http, REALM, this.digestNonces.issue(nowMs), err.stale);
      const out = faultResponse(fault);
      status = out.status;
      body = out.body;
      faultName = fault.subcode?.split('/')[0] ?? fault.code;
    }
    let headers: Record<string, string> =
      challenge === undefined ? SOAP_HEADERS : { ...SOAP_HEADERS, 'WWW-Authenticate': challenge };
    let drip: OnvifAnswer['drip'];
    if (camera.quirks.rewritesOnvifAnswers) {
      const answer: OnvifAnswer = {
        service: serviceName,
        operation,
        fault: faultName,
        status,
        contentType: SOAP_CONTENT_TYPE,
        body: body.toString(),
        drip: undefined,
      };
      camera.quirks.onvifResponse(answer);
      ({ status, body, drip } = answer);
      headers = { ...headers, 'Content-Type': answer.contentType };
    }
    const sent = exchange.reply(
      { status, headers, body },
      afterResponse.length === 0 ? undefined : () => afterResponse.forEach((fn) => fn()),
      drip,
    );
    // 499: the client went away before its answer (nginx's convention), so the record says it was never delivered.
    this.observe(device, client, serviceName, operation, auth, sent ? status : 499, faultName);
  }

  /**
   * Holds an answer `delayMs` on the run's clock (an injected delay, or a network outage's request
   * that is never answered): true when the time is up, false as soon as the client's connection
   * closes (or the camera's listener drops it). The wait never outlives the socket, so a request
   * left hanging holds no timer once the run stops.
   */
  private answerLater(exchange: HttpExchange, delayMs: number): Promise<boolean> {
    const socket = exchange.socket;
    return new Promise<boolean>((resolve) => {
      const settle = (elapsed: boolean): void => {
        timer.cancel();
        socket.off('close', closed);
        resolve(elapsed);
      };
      const closed = (): void => settle(false);
      const timer = this.clock.setTimeout(() => settle(true), delayMs);
      if (socket.destroyed) settle(false);
      else socket.once('close', closed);
    });
  }

  /**
   * Carries out what a quirk made of a request instead of the handler: the response element to
   * answer with, or undefined when the request was settled here (answered bare, left hanging, or
   * the camera rebooted). A quirk's fault is thrown as a SoapFault like any other.
   */
  private quirkAction(
    device: OnvifDevice,
    exchange: HttpExchange,
    action: Exclude<OnvifRequestAction, { type: 'delay' }>,
    service: string,
    operation: string,
    auth: Authenticated,
  ): string | undefined {
    const camera = device.camera;
    switch (action.type) {
      case 'fault':
        throw new SoapFault(action.code, action.subcode, action.httpStatus, action.reason);
      case 'reply':
        return action.body;
      case 'http': {
        const sent = exchange.reply({
          status: action.status,
          headers: { 'Content-Type': action.contentType },
          body: action.body,
        });
        this.observe(device, exchange.peer, service, operation, auth, sent ? action.status : 499, undefined);
        return undefined;
      }
      case 'hang':
        this.observe(device, exchange.peer, service, operation, auth, 499, undefined);
        return undefined;
      case 'reboot':
        this.observe(device, exchange.peer, service, operation, auth, 499, undefined);
        camera.reboot(this.clock, `quirk: ${operation} rebooted the camera`);
        return undefined;
    }
  }

  private encoded(device: OnvifDevice, inner: string): Buffer {
    const last = this.lastAnswer.get(device);
    if (last !== undefined && last.inner === inner) return last.bytes;
    const bytes = Buffer.from(envelope(inner));
    this.lastAnswer.set(device, { inner, bytes });
    return bytes;
  }

  /**
   * WS-UsernameToken when the envelope carries one, else HTTP Digest when the request carries it.
   * PRE_AUTH operations are served even when the credentials fail (a client syncing its clock
   * must reach GetSystemDateAndTime); for the rest a bad token is 400 ter:NotAuthorized and bad
   * or missing digest is 401 with a challenge (ONVIF Core §5.9.1).
   */
  private authenticate(
    device: OnvifDevice,
    token: UsernameToken | undefined,
    req: HttpRequest,
    nowMs: number,
    access: AccessClass,
    service: 'onvif' | 'snapshot' = 'onvif',
  ): Authenticated {
    const camera = device.camera;
    const preAuth = access === 'PRE_AUTH';
    // A quirk may loosen the checks as broken firmware does: no credentials needed, or any password for a known user.
    const loosening = camera.quirks.auth(service);
    if (loosening === 'open') return { method: 'none', user: OPEN_DOOR_USER };
    const anyPassword = loosening === 'any-password';
    if (token !== undefined) {
      const user = camera.findUser(token.username);
      let verdict: string =
        user === undefined
          ? 'unknown user'
          : anyPassword
            ? 'ok'
            : verifyUsernameToken(
                token,
                user.password,
                device.deviceTimeMs(nowMs),
                camera.model.auth.onvifPasswordText,
              );
      if (
        verdict === 'ok' &&
        token.passwordType === 'digest' &&
        !this.nonces.admit(`${camera.id}\n${token.nonceBase64}`, nowMs)
      )
        verdict = 'replayed nonce';
      if (verdict === 'ok') return { method: token.passwordType === 'digest' ? 'digest' : 'text', user };
      if (preAuth) return attemptedAuth(token, req);
      throw faults.notAuthorized(`UsernameToken for '${token.username}' refused (${verdict})`);
    }
    const authorization = req.headers.get('authorization');
    if (authorization !== undefined && isDigestScheme(authorization)) {
      let stale = false;
      let reason: string;
      try {
        const creds = parseDigestAuthorization(authorization);
        const user = camera.findUser(creds.username);
        const verdict = verifyDigest(creds, {
          profile: DIGEST_PROFILES.http,
          realm: REALM,
          method: req.method,
          target: req.target,
          password: user?.password,
          nonces: this.digestNonces,
          nowMs,
          anyPassword,
          nonceLifetimeMs: camera.nonceLifetimeMs(this.digestNonces.lifetimeMs),
        });
        if (verdict.ok && !verdict.stale) return { method: 'http-digest', user };
        stale = verdict.ok;
        reason = verdict.ok ? 'nonce stale' : verdict.reason;
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        reason = `malformed Authorization header: ${err.message}`;
      }
      if (preAuth) return attemptedAuth(undefined, req);
      throw new DigestChallengeFault(reason, stale);
    }
    if (preAuth || camera.model.auth.onvifNone) return { method: 'none', user: undefined };
    throw new DigestChallengeFault('no credentials', false);
  }

  private observe(
    device: OnvifDevice,
    client: string,
    service: string,
    operation: string,
    auth: Authenticated,
    httpStatus: number,
    fault: string | undefined,
  ): void {
    const obs: OnvifRequestObservation = {
      kind: 'onvif.request',
      atMs: this.clock.now(),
      camera: device.camera.id,
      client,
      service,
      operation,
      auth: auth.method,
      httpStatus,
    };
    const user = auth.user?.username ?? auth.username;
    if (user !== undefined) obs.user = user;
    if (fault !== undefined) obs.fault = fault;
    this.log.record(obs);
  }

  // ---- snapshot over HTTP GET, digest protected like the SOAP services ----

  private onSnapshot(device: OnvifDevice, exchange: HttpExchange, path: string): void {
    const camera = device.camera;
    const profile = snapshotProfile(camera, path);
    if (profile === undefined) {
      exchange.reply({ status: 404, headers: { 'Content-Type': 'text/plain' }, body: `nothing at ${path}\n` });
      return;
    }
    const nowMs = this.clock.now();
    const verdict = camera.connectionVerdict('snapshot', nowMs);
    if (verdict === 'reset') {
      exchange.socket.resetAndDestroy();
      return;
    }
    if (verdict === 'hang') return;
    let auth: Authenticated;
    try {
      auth = this.authenticate(device, undefined, exchange.request, nowMs, 'READ_MEDIA', 'snapshot');
    } catch (err) {
      const stale = err instanceof DigestChallengeFault && err.stale;
      exchange.reply({
        status: 401,
        headers: {
          'WWW-Authenticate': digestChallenge(DIGEST_PROFILES.http, REALM, this.digestNonces.issue(nowMs), stale),
          'Content-Type': 'text/plain',
        },
        body: 'authorization required\n',
      });
      this.observe(
        device,
        exchange.peer,
        'snapshot',
        'GetSnapshot',
        { method: 'none', user: undefined },
        401,
        'ter:NotAuthorized',
      );
      return;
    }
    this.snapshot(camera, profile).then(
      (jpeg) => {
        const sent = exchange.reply({
          status: 200,
          headers: { 'Content-Type': 'image/jpeg', 'Cache-Control': 'no-store' },
          body: jpeg,
        });
        this.observe(device, exchange.peer, 'snapshot', 'GetSnapshot', auth, sent ? 200 : 499, undefined);
      },
      (err: unknown) => {
        console.error(`onvif: camera ${camera.id} snapshot: ${(err as Error).message}`);
        exchange.reply({
          status: 503,
          headers: { 'Content-Type': 'text/plain', 'Retry-After': '1' },
          body: 'snapshot unavailable\n',
        });
        this.observe(device, exchange.peer, 'snapshot', 'GetSnapshot', auth, 503, undefined);
      },
    );
  }

  // ---- device events into pull points ----

  private raise(device: OnvifDevice, topic: string, state: boolean): void {
    const nowMs = this.clock.now();
    const messages = deviceTopicMessages(topic, state, nowMs, CAMERA_TOPIC_SOURCES);
    for (const m of messages)
      this.log.record({ kind: 'device.event', atMs: nowMs, camera: device.camera.id, topic: m.topic, state });
    device.events.publish(messages);
  }

  /**
   * Hands events a device made itself (Profile G's recording events) to its subscribers; nothing
   * happens for a camera not served (yet) or powered off. They are not device.event observations:
   * those are the faults' events a hub is judged on, and the recorder keeps its own record.
   */
  publishEvents(cameraId: string, messages: readonly EventMessage[]): void {
    const device = this.devices.get(cameraId);
    if (device === undefined || device.camera.power !== 'up' || messages.length === 0) return;
    device.events.publish(messages);
  }
}

function snapshotProfile(camera: Camera, path: string): ProfileName | undefined {
  for (const p of ['main', 'sub'] as const) {
    const expected = camera.model.snapshotPath
      .replaceAll('{profile}', p)
      .replaceAll('{channel}', p === 'main' ? '101' : '102');
    if (expected === path && camera.profile(p) !== undefined) return p;
  }
  return undefined;
}
