import { resolve } from 'node:path';
import { systemClock, type TimerHandle } from '../../../simulators/clock/clock.ts';
import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import type { AlarmKind } from '../../../simulators/observations/observation.ts';
import { InvalidStateError } from '../../../simulators/wire/invalid-state-error.ts';
import { defaultEgressWorkers } from '../../egress/egress-reader-pool.ts';
import { EgressWatcher } from '../../egress/egress-watcher.ts';
import { WebhookReceiver, type WebhookCall } from '../../webhooks/webhook-receiver.ts';
import type { Capability, HubAdapter, HubContext, HubIdentity, PtzCommand } from '../hub-adapter.ts';
import {
  alarmKindOf,
  declaredCapabilities,
  type AlarmLogRule,
  type AlarmPollSpec,
  type DeclarativeAdapterSpec,
  type HttpCall,
  type RecordingsSpec,
} from './declarative-adapter-schema.ts';
import { HubCommand } from './hub-command.ts';
import { readJsonPath } from './json-path.ts';
import { readRecordingListing } from './recording-listing.ts';
import { MpegTsRecordingReader } from './recording-frames.ts';
import { captureRunsOf, type RecordedPicture } from '../capture-runs.ts';
import { ParseError } from '../../../media/errors/parse-error.ts';
import { HubCallError, renderHttpRequest, sendHttpCall } from './send-http-call.ts';
import { renderTemplate, type TemplateData } from './template.ts';

type Scalar = string | number | boolean;
type AlarmState = 'raised' | 'cleared';
type CameraBy = 'id' | 'name' | 'address' | 'rtsp';

/** A recording read whole for its frames is given up beyond this size, or this long. */
const maxRecordingBytes = 512 * 1024 * 1024;
const recordingDownloadMs = 120_000;
/**
 * A hub described by a YAML file (declarative-adapter-schema.ts): starts it with a command,
 * provisions and releases cameras with templated HTTP calls, hears alarms from a webhook, a
 * polled URL or the hub's log, reads each provisioned camera's restream with camlab's own
 * readers, lists recordings, sends PTZ through templated calls. It records what it did, heard
 * and read (hub.provisioned, hub.released, hub.alarm, hub.egress, hub.recording, hub.ptz,
 * hub.log); it never judges.
 */
export class DeclarativeAdapter implements HubAdapter {
  readonly kind: string;
  readonly capabilities: ReadonlySet<Capability>;
  readonly provision?: (cameras: readonly InventoryCamera[]) => Promise<void>;
  readonly release?: (cameras: readonly InventoryCamera[]) => Promise<void>;
  readonly ptz?: (camera: InventoryCamera, command: PtzCommand) => Promise<void>;
  readonly collect?: () => Promise<void>;

  private ctx: HubContext | undefined;
  private vars: Record<string, Scalar>;
  private webhookUrl: string | undefined;
  private receiver: WebhookReceiver | undefined;
  private process: HubCommand | undefined;
  private egress: EgressWatcher | undefined;
  /** Every camera provisioned during the run, released or not: their recordings still count. */
  private readonly everProvisioned = new Map<string, InventoryCamera>();
  /** The run's clock minus the wall clock, to place the hub's wall-clock recording times on the run's clock. */
  private clockOffsetMs = 0;
  private pollTimer: TimerHandle | undefined;
  private pollInFlight: Promise<void> | undefined;
  private pollFailing = false;
  private readonly pollRaised = new Set<string>();
  private readonly cameras = new Map<string, InventoryCamera>();
  /** When each camera was provisioned, and which the polled hub has listed since (presence grace). */
  private readonly provisionedAtMs = new Map<string, number>();
  private readonly seenOnline = new Set<string>();
  private readonly saved = new Map<string, Record<string, Scalar>>();
  private readonly alarmState = new Map<string, AlarmState>();
  private cachedIdentity: HubIdentity | undefined;
  private setUp = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly spec: DeclarativeAdapterSpec,
    /** The adapter file's directory: a relative `start.cwd` is resolved against it. */
    private readonly baseDir: string,
  ) {
    this.kind = `declarative:${spec.name}`;
    this.capabilities = declaredCapabilities(spec);
    this.vars = { ...spec.vars };
    if (spec.provision !== undefined) this.provision = (cameras) => this.whileOpen(() => this.doProvision(cameras));
    if (spec.release !== undefined) this.release = (cameras) => this.whileOpen(() => this.doRelease(cameras));
    if (spec.ptz !== undefined) this.ptz = (camera, command) => this.whileOpen(() => this.doPtz(camera, command));
    if (spec.alarms?.poll !== undefined || spec.recordings !== undefined)
      this.collect = () => this.whileOpen(() => this.doCollect());
  }

  async open(ctx: HubContext): Promise<void> {
    if (this.ctx !== undefined) throw new InvalidStateError(`${this.kind}: open() called twice`);
    this.ctx = ctx;
    // Real runs play on the wall clock itself; a virtual clock (tests) is shifted by its offset now.
    this.clockOffsetMs = ctx.clock === systemClock ? 0 : ctx.clock.now() - Date.now();
    try {
      await this.startWebhook(ctx);
      if (this.spec.start !== undefined) await this.startProcess(ctx, this.spec.start);
      for (const call of this.spec.setup ?? [])
        Object.assign(this.vars, (await sendHttpCall(call, this.data(), `${this.kind} setup`, ctx.signal)).saved);
      this.setUp = true;
      const egress = this.spec.egress;
      if (egress !== undefined) {
        this.egress = new EgressWatcher({
          hub: ctx.instance,
          log: ctx.log,
          clock: ctx.clock,
          protocol: egress.protocol,
          intervalMs: egress.intervalMs,
          retryMs: egress.retryMs,
          workers: egress.workers === 'auto' ? defaultEgressWorkers() : egress.workers,
        });
      }
      const poll = this.spec.alarms?.poll;
      if (poll !== undefined) this.pollTimer = ctx.clock.setInterval(() => void this.pollOnce(), poll.intervalMs);
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  async identity(): Promise<HubIdentity> {
    if (this.cachedIdentity !== undefined) return this.cachedIdentity;
    const { name, vendor, version, fetch } = this.spec.identity;
    const identity: HubIdentity = {
      name,
      ...(vendor !== undefined ? { vendor } : {}),
      ...(version !== undefined ? { version } : {}),
    };
    if (fetch !== undefined) {
      let json: unknown;
      try {
        ({ json } = await sendHttpCall(fetch.request, this.data(), `${this.kind} identity`, this.ctx?.signal));
      } catch (err) {
        // A partial report after a hub crash still needs a name: fall back to the file's, unversioned.
        this.logLine('warn', `${(err as Error).message}; reporting the identity from the adapter file`);
        return identity;
      }
      for (const field of ['name', 'vendor', 'version'] as const) {
        const path = fetch[field];
        const value = path === undefined ? undefined : readJsonPath(json, path);
        if (typeof value === 'string' || typeof value === 'number') identity[field] = String(value);
      }
    }
    this.cachedIdentity = identity;
    return identity;
  }

  /** Stops polling, makes the teardown calls, closes the webhook listener, stops the hub. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    this.pollTimer?.cancel();
    await this.egress?.close();
    await this.pollInFlight;
    // Teardown undoes setup; after a failed start there is nothing to undo and nobody to call.
    if (this.setUp) {
      for (const call of this.spec.teardown ?? []) {
        await sendHttpCall(call, this.data(), `${this.kind} teardown`).catch((err: unknown) =>
          this.logLine('warn', (err as Error).message),
        );
      }
    }
    await this.receiver?.close();
    await this.process?.stop();
  }

  // ---- start ----

  private async startWebhook(ctx: HubContext): Promise<void> {
    const hook = this.spec.alarms?.webhook;
    if (hook === undefined) return;
    // Each adapter listens for its own hub (harness/hubs/README.md): the file says where.
    this.receiver = await WebhookReceiver.start({
      host: hook.listen?.host ?? '127.0.0.1',
      port: hook.listen?.port ?? 0,
      now: () => ctx.clock.now(),
    });
    const path = hook.path === '/' ? '' : hook.path.replace(/\/$/, '');
    const instanceUrl =
      hook.advertise === undefined
        ? this.receiver.urlFor(ctx.instance)
        : `${hook.advertise.replace(/\/$/, '')}/hooks/${encodeURIComponent(ctx.instance)}`;
    this.webhookUrl = `${instanceUrl}${path}`;
    this.receiver.on(ctx.instance, (call) => {
      if ((call.path.replace(/\/$/, '') || '') !== path) {
        this.logLine('warn', `webhook call to unexpected path ${call.path} (expected ${hook.path})`);
        return;
      }
      this.onWebhook(call);
    });
  }

  private async startProcess(ctx: HubContext, start: NonNullable<DeclarativeAdapterSpec['start']>): Promise<void> {
    const data = this.data();
    const argv = start.command.map((a) => renderTemplate(a, data));
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [k, v] of Object.entries(start.env ?? {})) env[k] = renderTemplate(v, data);
    const proc = new HubCommand(argv, {
      cwd: start.cwd !== undefined ? resolve(this.baseDir, start.cwd) : ctx.workDir,
      env,
      stopTimeoutMs: start.stopTimeoutMs,
    });
    this.process = proc;
    const rules = this.spec.alarms?.log;
    if (rules !== undefined) this.watchLog(proc, rules);
    if (start.ready.log !== undefined)
      Object.assign(
        this.vars,
        await proc.waitReady({ log: start.ready.log, timeoutMs: start.ready.timeoutMs }, ctx.signal),
      );
    // The URL may use what the ready line told (e.g. the port the hub chose).
    if (start.ready.url !== undefined)
      await proc.waitReady(
        { url: renderTemplate(start.ready.url, this.data()), timeoutMs: start.ready.timeoutMs },
        ctx.signal,
      );
    void proc.exited().then((e) => {
      if (this.closing !== undefined) return;
      const error = new Error(
        `hub process ${proc.pid} exited on its own (code ${e.code}, signal ${e.signal}); last output:\n${proc.outputTail()}`,
      );
      this.logLine('error', error.message);
      ctx.crashed?.(error);
    });
  }

  // ---- provision, release, PTZ ----

  private async doProvision(cameras: readonly InventoryCamera[]): Promise<void> {
    const { request, profile, concurrency } = this.spec.provision!;
    await this.forEachCamera('provision', cameras, concurrency, async (camera) => {
      this.cameras.set(camera.id, camera);
      this.everProvisioned.set(camera.id, camera);
      await this.callsFor(camera, request, `provision ${camera.id}`);
      const atMs = this.now();
      this.provisionedAtMs.set(camera.id, atMs);
      this.seenOnline.delete(camera.id);
      this.record({ kind: 'hub.provisioned', atMs, hub: this.instance(), camera: camera.id, profile });
      const egress = this.spec.egress;
      if (egress !== undefined)
        this.egress?.watch(camera.id, renderTemplate(egress.url, this.cameraTemplateData(camera)));
    });
  }

  private async doRelease(cameras: readonly InventoryCamera[]): Promise<void> {
    const { request, concurrency } = this.spec.release!;
    await this.forEachCamera('release', cameras, concurrency, async (camera) => {
      await this.callsFor(camera, request, `release ${camera.id}`);
      this.egress?.unwatch(camera.id);
      this.cameras.delete(camera.id);
      this.saved.delete(camera.id);
      this.provisionedAtMs.delete(camera.id);
      this.seenOnline.delete(camera.id);
      this.record({ kind: 'hub.released', atMs: this.now(), hub: this.instance(), camera: camera.id });
    });
  }

  private async doPtz(camera: InventoryCamera, command: PtzCommand): Promise<void> {
    const calls = this.spec.ptz?.[command.kind];
    if (calls === undefined)
      throw new HubCallError(0, `${this.kind}: the adapter file has no '${command.kind}' PTZ call`);
    const ptz: Record<string, Scalar> = { kind: command.kind };
    for (const [k, v] of Object.entries(command)) if (typeof v === 'number' || typeof v === 'string') ptz[k] = v;
    // Recorded as sent, before the hub answers: a hub that moves the camera before its API call
    // returns must not look as if the camera moved before the operator asked.
    this.record({
      kind: 'hub.ptz',
      atMs: this.now(),
      hub: this.instance(),
      camera: camera.id,
      command: command.kind,
      ...(command.kind === 'goto-preset' ? { preset: command.preset } : {}),
    });
    await this.callsFor(camera, calls, `ptz ${command.kind} ${camera.id}`, { ptz });
  }

  private async callsFor(
    camera: InventoryCamera,
    calls: readonly HttpCall[],
    label: string,
    extra: TemplateData = {},
  ): Promise<void> {
    for (const call of calls) {
      const saved = this.saved.get(camera.id) ?? {};
      const res = await sendHttpCall(
        call,
        { ...this.cameraTemplateData(camera), ...extra },
        `${this.kind} ${label}`,
        this.ctx?.signal,
      );
      if (Object.keys(res.saved).length > 0) this.saved.set(camera.id, { ...saved, ...res.saved });
    }
  }

  /** Runs `fn` over the cameras with bounded concurrency; reports every failure, throws one error. */
  private async forEachCamera(
    what: string,
    cameras: readonly InventoryCamera[],
    concurrency: number,
    fn: (c: InventoryCamera) => Promise<void>,
  ): Promise<void> {
    const failures: Error[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cameras.length) {
        const camera = cameras[next++]!;
        try {
          await fn(camera);
        } catch (err) {
          failures.push(err as Error);
          this.logLine('error', (err as Error).message);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, cameras.length) }, worker));
    if (failures.length > 0) {
      const first = failures[0]!;
      throw new HubCallError(
        first instanceof HubCallError ? first.status : 0,
        `${what} failed for ${failures.length} of ${cameras.length} cameras; first: ${first.message}`,
      );
    }
  }

  // ---- collect: polled alarms, recordings ----

  private async doCollect(): Promise<void> {
    await this.pollOnce();
    const recordings = this.spec.recordings;
    if (recordings !== undefined) await this.listRecordings(recordings);
  }

  /**
   * Lists the hub's recordings (once per provisioned camera with perCamera) and records each as
   * hub.recording on the run's clock. A recording whose download URL does not serve is not one.
   */
  private async listRecordings(spec: RecordingsSpec): Promise<void> {
    const atMs = this.now();
    const targets = spec.perCamera ? [...this.everProvisioned.values()] : [undefined];
    for (const camera of targets) {
      const data = camera === undefined ? this.data() : this.cameraTemplateData(camera);
      const label = `${this.kind} recordings${camera === undefined ? '' : ` of ${camera.id}`}`;
      let json: unknown;
      try {
        ({ json } = await sendHttpCall(spec.request, data, label, this.ctx?.signal));
      } catch (err) {
        this.logLine('error', (err as Error).message);
        continue;
      }
      const problems: string[] = [];
      for (const listed of readRecordingListing(json, spec, camera?.id, problems)) {
        const cameraId = this.resolveCamera(listed.cameraRef, spec.cameraBy, this.everProvisioned);
        if (cameraId === undefined) continue;
        const startMs = listed.startWallMs + this.clockOffsetMs;
        const endMs = listed.endWallMs + this.clockOffsetMs;
        if (listed.downloadUrl !== undefined) {
          const url = new URL(listed.downloadUrl, renderHttpRequest(spec.request, data).url).toString();
          const read =
            spec.frames === undefined
              ? await this.downloadProblem(url, spec, data)
              : await this.downloadFrames(url, spec, data, startMs);
          if (typeof read === 'string') {
            problems.push(
              `recording of ${cameraId} ${new Date(listed.startWallMs).toISOString()} does not download: ${read}`,
            );
            continue;
          }
          if (read !== undefined) {
            this.record({
              kind: 'hub.recording.frames',
              atMs,
              hub: this.instance(),
              camera: cameraId,
              recording: url,
              startMs,
              endMs,
              ...captureRunsOf(cameraId, read),
            });
          }
        }
        this.record({ kind: 'hub.recording', atMs, hub: this.instance(), camera: cameraId, startMs, endMs });
      }
      for (const problem of problems) this.logLine('warn', `${label}: ${problem}`);
    }
  }

  /**
   * Downloads a whole recording (up to maxRecordingBytes) with the listing call's headers and reads
   * it picture by picture; a problem as text when it does not download or is not what `frames` says.
   */
  private async downloadFrames(
    url: string,
    spec: RecordingsSpec,
    data: TemplateData,
    startMs: number,
  ): Promise<RecordedPicture[] | string> {
    const { headers } = renderHttpRequest(spec.request, data);
    delete headers['content-type'];
    const signal = AbortSignal.timeout(Math.max(spec.request.timeoutMs, recordingDownloadMs));
    const reader = new MpegTsRecordingReader(startMs);
    try {
      const res = await fetch(url, {
        headers,
        signal: this.ctx === undefined ? signal : AbortSignal.any([this.ctx.signal, signal]),
      });
      if (!res.ok || res.body === null) return `GET ${url} answered ${res.status}`;
      let bytes = 0;
      for await (const chunk of res.body) {
        bytes += chunk.length;
        if (bytes > maxRecordingBytes) return `GET ${url}: larger than ${maxRecordingBytes} bytes`;
        reader.push(Buffer.from(chunk));
      }
      return reader.finish();
    } catch (err) {
      const e = err as Error;
      if (e instanceof ParseError) return `${url} is not ${spec.frames}: ${e.message}`;
      return `GET ${url} failed: ${e.cause instanceof Error ? e.cause.message : e.message}`;
    }
  }

  /** Fetches the start of a recording with the listing call's headers; undefined when it serves bytes. */
  private async downloadProblem(url: string, spec: RecordingsSpec, data: TemplateData): Promise<string | undefined> {
    const { headers } = renderHttpRequest(spec.request, data);
    delete headers['content-type'];
    const signal = AbortSignal.timeout(spec.request.timeoutMs);
    try {
      const res = await fetch(url, {
        headers,
        signal: this.ctx === undefined ? signal : AbortSignal.any([this.ctx.signal, signal]),
      });
      const reader = res.body?.getReader();
      const first = await reader?.read();
      await reader?.cancel();
      if (!res.ok) return `GET ${url} answered ${res.status}`;
      return first?.value !== undefined && first.value.length > 0
        ? undefined
        : `GET ${url} answered ${res.status} with no bytes`;
    } catch (err) {
      const e = err as Error;
      return `GET ${url} failed: ${e.cause instanceof Error ? e.cause.message : e.message}`;
    }
  }

  // ---- alarms ----

  private onWebhook(call: WebhookCall): void {
    const hook = this.spec.alarms!.webhook!;
    const events = hook.events === undefined ? [call.body] : readJsonPath(call.body, hook.events);
    if (!Array.isArray(events)) {
      this.logLine('warn', `webhook body has no array at ${hook.events}`);
      return;
    }
    for (const event of events) {
      const camera = this.resolveCamera(readJsonPath(event, hook.camera), hook.cameraBy);
      const state =
        typeof hook.state === 'string' ? hook.state : mapState(readJsonPath(event, hook.state.path), hook.state);
      const alarm = valueOf(hook.alarm, event);
      if (camera === undefined || state === undefined || alarm === undefined) {
        this.logLine(
          'warn',
          `webhook event not understood (camera ${hook.camera}, state, alarm ${hook.alarm}): ${JSON.stringify(event).slice(0, 200)}`,
        );
        continue;
      }
      this.setAlarm(camera, alarm, alarmKindOf(hook.kind, alarm), state, call.receivedAtMs);
    }
  }

  private pollOnce(): Promise<void> {
    const poll = this.spec.alarms?.poll;
    if (poll === undefined || this.closing !== undefined) return Promise.resolve();
    // A slow hub must not pile up requests: one poll at a time.
    this.pollInFlight ??= this.poll(poll).finally(() => (this.pollInFlight = undefined));
    return this.pollInFlight;
  }

  private async poll(poll: AlarmPollSpec): Promise<void> {
    let json: unknown;
    try {
      json = (await sendHttpCall(poll.request, this.data(), `${this.kind} alarm poll`, this.ctx?.signal)).json;
    } catch (err) {
      // Once per outage of the poll, not once per interval.
      if (!this.pollFailing) this.logLine('warn', (err as Error).message);
      this.pollFailing = true;
      return;
    }
    if (this.pollFailing) this.logLine('info', `${this.kind} alarm poll answers again`);
    this.pollFailing = false;
    const atMs = this.now();
    const items = readJsonPath(json, poll.items);
    const entries: [string | undefined, unknown][] = Array.isArray(items)
      ? items.map((v) => [undefined, v])
      : items !== null && typeof items === 'object'
        ? Object.entries(items)
        : [];
    const present = new Map<string, string>();
    for (const [key, item] of entries) {
      const camera = this.resolveCamera(readJsonPath(item, poll.camera, key), poll.cameraBy);
      const alarm = valueOf(poll.alarm, item) ?? 'offline';
      if (camera === undefined) continue;
      if (poll.presentWhen !== undefined && readJsonPath(item, poll.presentWhen, key) == null) continue;
      if (poll.state !== undefined) {
        const state = mapState(readJsonPath(item, poll.state.path, key), poll.state);
        if (state !== undefined) this.setAlarm(camera, alarm, alarmKindOf(poll.kind, alarm), state, atMs);
      } else {
        present.set(camera, alarm);
      }
    }
    if (poll.presence === 'online') {
      const alarm = poll.alarm.startsWith('$') ? 'offline' : poll.alarm;
      for (const id of this.cameras.keys()) {
        if (present.has(id)) {
          this.seenOnline.add(id);
          this.setAlarm(id, alarm, alarmKindOf(poll.kind, alarm), 'cleared', atMs);
        } else if (this.seenOnline.has(id) || atMs - (this.provisionedAtMs.get(id) ?? atMs) >= poll.graceMs) {
          this.setAlarm(id, alarm, alarmKindOf(poll.kind, alarm), 'raised', atMs);
        }
      }
    } else if (poll.presence === 'alarm') {
      const now = new Set<string>();
      for (const [camera, alarm] of present) {
        now.add(alarmKey(camera, alarm));
        this.setAlarm(camera, alarm, alarmKindOf(poll.kind, alarm), 'raised', atMs);
      }
      for (const key of this.pollRaised) {
        if (now.has(key)) continue;
        const [camera, alarm] = key.split('\u0000') as [string, string];
        this.setAlarm(camera, alarm, alarmKindOf(poll.kind, alarm), 'cleared', atMs);
      }
      this.pollRaised.clear();
      for (const key of now) this.pollRaised.add(key);
    }
  }

  private watchLog(proc: HubCommand, rules: readonly AlarmLogRule[]): void {
    const compiled = rules.map((rule) => ({ rule, re: new RegExp(rule.pattern) }));
    proc.onLine((line) => {
      for (const { rule, re } of compiled) {
        const groups = re.exec(line)?.groups;
        if (groups?.camera === undefined) continue;
        const camera = this.resolveCamera(groups.camera, rule.cameraBy);
        const alarm = groups.alarm ?? rule.alarm;
        if (camera !== undefined) this.setAlarm(camera, alarm, alarmKindOf(rule.kind, alarm), rule.state, this.now());
      }
    });
  }

  /** Records an alarm transition; repeats of the current state are not new facts. */
  private setAlarm(camera: string, alarm: string, alarmKind: AlarmKind, state: AlarmState, atMs: number): void {
    const key = alarmKey(camera, alarm);
    if ((this.alarmState.get(key) ?? 'cleared') === state) return;
    this.alarmState.set(key, state);
    this.record({ kind: 'hub.alarm', atMs, hub: this.instance(), camera, alarmKind, alarm, state });
  }

  /** A hub's camera reference to a camera id; ids pass through even for cameras provisioned elsewhere. */
  private resolveCamera(
    ref: unknown,
    by: CameraBy,
    among: ReadonlyMap<string, InventoryCamera> = this.cameras,
  ): string | undefined {
    if (typeof ref !== 'string' && typeof ref !== 'number') return undefined;
    const text = String(ref);
    if (by === 'id') return text;
    for (const c of among.values()) {
      if (
        by === 'name'
          ? c.name === text
          : by === 'address'
            ? c.address === text
            : c.rtsp.main === text || c.rtsp.sub === text
      )
        return c.id;
    }
    this.logLine('warn', `no provisioned camera has ${by} '${text}'`);
    return undefined;
  }

  // ---- helpers ----

  private whileOpen(fn: () => Promise<void>): Promise<void> {
    if (this.ctx === undefined) return Promise.reject(new InvalidStateError(`${this.kind}: not opened`));
    if (this.closing !== undefined) return Promise.reject(new InvalidStateError(`${this.kind}: closed`));
    return fn();
  }

  private data(): TemplateData {
    const ctx = this.ctx;
    return {
      vars: this.vars,
      hub: {
        instance: ctx?.instance ?? 'hub',
        workDir: ctx?.workDir ?? this.baseDir,
        ...(this.process?.pid !== undefined ? { pid: this.process.pid } : {}),
      },
      ...(this.webhookUrl !== undefined ? { webhook: { url: this.webhookUrl } } : {}),
      env: process.env,
    };
  }

  /** Template data for a call or URL about one camera: the camera, its saved values, and the rest. */
  private cameraTemplateData(camera: InventoryCamera): TemplateData {
    return { ...this.data(), camera: cameraData(camera), saved: this.saved.get(camera.id) ?? {} };
  }

  private instance(): string {
    return this.ctx?.instance ?? 'hub';
  }

  private now(): number {
    return this.ctx?.clock.now() ?? Date.now();
  }

  private record(obs: Parameters<HubContext['log']['record']>[0]): void {
    this.ctx?.log.record(obs);
  }

  private logLine(level: 'info' | 'warn' | 'error', message: string): void {
    this.record({ kind: 'hub.log', atMs: this.now(), hub: this.instance(), level, message });
  }
}

/**
 * The inventory camera as templates see it, plus the RTSP URLs with the credentials in them
 * (rtsp://user:password@host/path), which hubs such as ffmpeg-based relays expect.
 */
function cameraData(camera: InventoryCamera): InventoryCamera & { rtspWithCredentials: { main: string; sub: string } } {
  const withCredentials = (url: string) => {
    const u = new URL(url);
    u.username = encodeURIComponent(camera.username);
    u.password = encodeURIComponent(camera.password);
    return u.toString();
  };
  return {
    ...camera,
    rtspWithCredentials: { main: withCredentials(camera.rtsp.main), sub: withCredentials(camera.rtsp.sub) },
  };
}

function alarmKey(camera: string, alarm: string): string {
  return `${camera}\u0000${alarm}`;
}

function mapState(
  value: unknown,
  mapping: { raised: readonly Scalar[]; cleared: readonly Scalar[] },
): AlarmState | undefined {
  if (mapping.raised.includes(value as Scalar)) return 'raised';
  if (mapping.cleared.includes(value as Scalar)) return 'cleared';
  return undefined;
}

/** A constant, or the string at a JSON path of the payload. */
function valueOf(spec: string, payload: unknown): string | undefined {
  if (!spec.startsWith('$')) return spec;
  const v = readJsonPath(payload, spec);
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}
