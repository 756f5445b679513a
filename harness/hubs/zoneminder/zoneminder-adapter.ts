import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TimerHandle } from '../../../simulators/clock/clock.ts';
import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import { defaultEgressWorkers } from '../../egress/egress-reader-pool.ts';
import { EgressWatcher } from '../../egress/egress-watcher.ts';
import type { Capability, HubAdapter, HubContext, HubIdentity } from '../hub-adapter.ts';
import { ZmAlarmTracker } from './zoneminder-alarms.ts';
import { type ZoneMinderApi, zmDateTimeMs } from './zoneminder-api.ts';
import { zoneminderInstallHint, zoneminderMissing } from './zoneminder-install.ts';
import type { ZoneMinderServices } from './zoneminder-services.ts';
import { acquireZoneMinder, type SharedServices } from './shared-zoneminder.ts';

export interface ZoneMinderAdapterOptions {
  profile?: 'main' | 'sub';
  /** Loopback port of the Apache camlab starts for ZoneMinder's API (when none answers there). */
  port?: number;
  /** The picture size ZoneMinder captures at (it scales the camera's stream to it). */
  width?: number;
  height?: number;
  /** Longest event before ZoneMinder starts the next (its SectionLength), seconds. */
  sectionLengthS?: number;
  /** How often Monitor_Status is read for alarms. */
  pollMs?: number;
  /** Read each monitor's restream from zm_rtsp_server (default true); false drops 'egress'. */
  egress?: boolean;
  /** Worker threads reading the restreams: 0 (the default) reads on the main thread, 'auto' one per core. */
  egressWorkers?: number | 'auto';
  /** zm_rtsp_server's port (ZM_MIN_RTSP_PORT), set while camlab runs ZoneMinder. */
  rtspPort?: number;
  /** The files that must exist for ZoneMinder to run (the Debian packages' by default). */
  requiredPaths?: readonly string[];
}

export const defaultZoneMinderPort = 8095;
export const defaultZoneMinderRtspPort = 18554;

interface ZmCamera {
  camera: InventoryCamera;
  monitorId: number;
}

/**
 * ZoneMinder's monitor names: letters, digits, '-' and '_' (camlab's ids keep to these already).
 * Hub instances sharing the machine's one ZoneMinder (a handover's two control rooms) each hold a
 * monitor of their own per camera, so every instance but the single 'hub' puts its name in.
 */
export function monitorName(cameraId: string, instance = 'hub'): string {
  const prefix = instance === 'hub' ? 'camlab' : `camlab-${instance}`;
  return `${prefix}-${cameraId}`.replace(/[^\w-]/g, '_');
}

/** The camera's RTSP URL with the credentials in it, which is how ZoneMinder's ffmpeg source takes them (digest or basic). */
export function rtspWithCredentials(url: string, username: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(username);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/**
 * ZoneMinder 1.36 as a hub: one ffmpeg monitor per camera (RTSP over TCP, Function Record, so it
 * keeps events continuously, cut every SectionLength), added and deleted through its REST API.
 * ZoneMinder has no camera-lost alarm: the adapter reads each monitor's Monitor_Status and
 * CaptureFPS and records the transitions (zoneminder-alarms.ts). Its events are the recordings.
 * Its web live view is MJPEG re-encoded from decoded pictures (nph-zms), which drops the SEI
 * stamps; its zm_rtsp_server restreams the camera's own H.264 (from zmc's fifo), stamps kept,
 * and that is what 'egress' reads (rtsp://127.0.0.1:ZM_MIN_RTSP_PORT/<monitor name>). It sends
 * each NAL unit as an RTP frame of its own, so its pictures arrive apart from their stamps and
 * count as unstamped: the tally reports what a viewer really gets.
 */
export class ZoneMinderAdapter implements HubAdapter {
  readonly kind = 'zoneminder';
  readonly capabilities: ReadonlySet<Capability>;
  private ctx: HubContext | undefined;
  private share: SharedServices<ZoneMinderServices> | undefined;
  private version = '';
  private readonly byCamera = new Map<string, ZmCamera>();
  private readonly byMonitor = new Map<number, ZmCamera>();
  private readonly tracker = new ZmAlarmTracker();
  private poller: TimerHandle | undefined;
  private polling = false;
  private egress: EgressWatcher | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: ZoneMinderAdapterOptions = {}) {
    this.capabilities = new Set<Capability>([
      'start',
      'provision',
      'alarms',
      'recordings',
      ...(this.egressEnabled ? (['egress'] as const) : []),
    ]);
  }

  private get egressEnabled(): boolean {
    return this.options.egress ?? true;
  }

  private get rtspPort(): number {
    return this.options.rtspPort ?? defaultZoneMinderRtspPort;
  }

  async open(ctx: HubContext): Promise<void> {
    if (this.ctx !== undefined) throw new Error('ZoneMinderAdapter.open called twice');
    const missing = await zoneminderMissing(this.options.requiredPaths);
    if (missing !== undefined)
      throw new Error(`ZoneMinder is not installed (${missing} is missing); install it with: ${zoneminderInstallHint}`);
    this.ctx = ctx;
    const dir = join(ctx.workDir, `zoneminder-${ctx.instance}`);
    await mkdir(dir, { recursive: true });
    this.share = await acquireZoneMinder(ctx.instance, {
      dir,
      port: this.options.port ?? defaultZoneMinderPort,
      log: (level, message) => this.hubLog(level, message),
      crashed: (error) => ctx.crashed?.(error),
      ...(this.egressEnabled ? { rtspPort: this.rtspPort } : {}),
    });
    if (this.egressEnabled) {
      const workers = this.options.egressWorkers ?? 0;
      this.egress = new EgressWatcher({
        hub: ctx.instance,
        log: ctx.log,
        clock: ctx.clock,
        protocol: 'rtsp',
        workers: workers === 'auto' ? defaultEgressWorkers() : workers,
      });
    }
    this.version = await this.api.version();
    const started = this.share.services.started();
    const sharing =
      this.share.owner !== ctx.instance
        ? ` (shared with hub '${this.share.owner}', which opened it: one ZoneMinder per machine)`
        : '';
    this.hubLog(
      'info',
      `ZoneMinder ${this.version} at ${this.api.baseUrl}${sharing}; camlab started ${started.length > 0 ? started.join(', ') : 'nothing (it was running)'}`,
    );
    if (this.share.owner === ctx.instance) {
      // Monitors of an earlier run that did not finish would go on pulling this run's cameras (the
      // same addresses and camera user): the instance that opened ZoneMinder removes them first.
      const leftovers = (await this.api.monitors()).filter((m) => m.name.startsWith(`${monitorName('')}`));
      for (const m of leftovers) await this.api.deleteMonitor(m.id);
      if (leftovers.length > 0)
        this.hubLog(
          'warn',
          `removed ${leftovers.length} monitor(s) an earlier camlab run left behind (${leftovers.map((m) => m.name).join(', ')})`,
        );
    }
    this.poller = ctx.clock.setInterval(() => void this.poll(), this.options.pollMs ?? 500);
  }

  private get services(): ZoneMinderServices | undefined {
    return this.share?.services;
  }

  private get api(): ZoneMinderApi {
    if (this.services === undefined) throw new Error('ZoneMinderAdapter used before open()');
    return this.services.api;
  }

  /** MariaDB, Apache and zmdc.pl (whose children are the zmc capture daemons), started by camlab or not. */
  processIds(): readonly number[] {
    return this.services?.processIds() ?? [];
  }

  async identity(): Promise<HubIdentity> {
    return { name: 'ZoneMinder', vendor: 'ZoneMinder', version: this.version };
  }

  async provision(cameras: readonly InventoryCamera[]): Promise<void> {
    const ctx = this.requireOpen();
    const profile = this.options.profile ?? 'main';
    for (const camera of cameras) {
      if (this.byCamera.has(camera.id)) continue;
      const name = monitorName(camera.id, ctx.instance);
      // A monitor of this name is a leftover of an earlier run that did not finish: replace it.
      for (const old of (await this.api.monitors()).filter((m) => m.name === name))
        await this.api.deleteMonitor(old.id);
      const monitorId = await this.api.addMonitor({
        Name: name,
        Type: 'Ffmpeg',
        Function: 'Record',
        Enabled: 1,
        Path: rtspWithCredentials(camera.rtsp[profile], camera.username, camera.password),
        Method: 'rtpRtsp',
        Width: this.options.width ?? 640,
        Height: this.options.height ?? 480,
        Colours: 4,
        SectionLength: this.options.sectionLengthS ?? 60,
        ...(this.egressEnabled ? { RTSPServer: 1, RTSPStreamName: name } : {}),
      });
      const entry = { camera, monitorId };
      this.byCamera.set(camera.id, entry);
      this.byMonitor.set(monitorId, entry);
      ctx.log.record({ kind: 'hub.provisioned', atMs: ctx.clock.now(), hub: ctx.instance, camera: camera.id, profile });
      this.egress?.watch(camera.id, `rtsp://127.0.0.1:${this.rtspPort}/${name}`);
    }
  }

  async release(cameras: readonly InventoryCamera[]): Promise<void> {
    const ctx = this.requireOpen();
    for (const camera of cameras) {
      const entry = this.byCamera.get(camera.id);
      if (entry === undefined) continue;
      this.egress?.unwatch(camera.id);
      // Deleting a monitor deletes its events: read them first.
      await this.recordEvents(entry);
      await this.api.deleteMonitor(entry.monitorId);
      this.byCamera.delete(camera.id);
      this.byMonitor.delete(entry.monitorId);
      this.tracker.forget(entry.monitorId);
      ctx.log.record({ kind: 'hub.released', atMs: ctx.clock.now(), hub: ctx.instance, camera: camera.id });
    }
  }

  private async poll(): Promise<void> {
    const ctx = this.ctx;
    if (ctx === undefined || this.polling || this.closing !== undefined) return;
    this.polling = true;
    try {
      const monitors = (await this.api.monitors()).filter((m) => this.byMonitor.has(m.id));
      for (const t of this.tracker.update(monitors)) {
        const entry = this.byMonitor.get(t.monitorId);
        if (entry === undefined) continue;
        ctx.log.record({
          kind: 'hub.alarm',
          atMs: ctx.clock.now(),
          hub: ctx.instance,
          camera: entry.camera.id,
          alarmKind: t.alarmKind,
          alarm: t.alarm,
          state: t.state,
        });
      }
    } catch (err) {
      this.hubLog('warn', `reading Monitor_Status failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.polling = false;
    }
  }

  /** Every event of every provisioned monitor; one still being written ends now. */
  async collect(): Promise<void> {
    this.requireOpen();
    for (const entry of this.byCamera.values()) await this.recordEvents(entry);
  }

  private async recordEvents(entry: ZmCamera): Promise<void> {
    const ctx = this.requireOpen();
    const now = ctx.clock.now();
    for (const e of await this.api.events(entry.monitorId)) {
      const startMs = zmDateTimeMs(e.startDateTime);
      const endMs = e.endDateTime === null ? now : zmDateTimeMs(e.endDateTime);
      ctx.log.record({
        kind: 'hub.recording',
        atMs: now,
        hub: ctx.instance,
        camera: entry.camera.id,
        startMs,
        endMs: Math.max(startMs, endMs),
      });
    }
  }

  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    this.poller?.cancel();
    await this.egress?.close();
    if (this.services !== undefined) {
      for (const entry of this.byCamera.values()) {
        await this.api
          .deleteMonitor(entry.monitorId)
          .catch((err: Error) => this.hubLog('warn', `deleting monitor ${entry.monitorId}: ${err.message}`));
      }
      this.byCamera.clear();
      this.byMonitor.clear();
      await this.share?.release();
    }
  }

  private requireOpen(): HubContext {
    if (this.ctx === undefined) throw new Error('ZoneMinderAdapter used before open()');
    if (this.closing !== undefined) throw new Error('ZoneMinderAdapter used after close()');
    return this.ctx;
  }

  private hubLog(level: 'info' | 'warn' | 'error', message: string): void {
    const ctx = this.ctx;
    if (ctx === undefined) return;
    ctx.log.record({ kind: 'hub.log', atMs: ctx.clock.now(), hub: ctx.instance, level, message });
  }
}

export function createZoneMinderAdapter(options: ZoneMinderAdapterOptions = {}): ZoneMinderAdapter {
  return new ZoneMinderAdapter(options);
}
