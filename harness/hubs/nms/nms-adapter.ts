import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ffmpegPath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { defaultEgressWorkers } from '../../egress/egress-reader-pool.ts';
import { EgressWatcher } from '../../egress/egress-watcher.ts';
import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import type { Capability, HubAdapter, HubContext, HubIdentity } from '../hub-adapter.ts';
import { NmsAlarmTracker } from './nms-alarms.ts';
import { NmsApi } from './nms-api.ts';
import { nmsApp, nmsConfig, nmsStreamName, nmsStreamPath, rtspUrlWithCredentials } from './nms-config.ts';
import type { AdapterToHost, HostToAdapter } from './nms-host-protocol.ts';
import { filePacketTimes, fileTimeline } from './nms-recording-timeline.ts';
import { listRecordings } from './nms-recordings.ts';
import { HubProcess } from '../process/hub-process.ts';
import { resolveStreamUri } from './onvif-stream-uri.ts';
import { freePort } from '../process/free-port.ts';

export interface NmsAdapterOptions {
  /**
   * How cameras are handed to NMS. 'static' (default): as `relay.tasks` entries with
   * mode 'static', the way an NMS deployment lists its cameras; NMS's relay server re-reads them
   * every second and restarts an ended relay. 'api-pull': `POST /api/relay/pull`; NMS never
   * restarts such a relay once its ffmpeg exits.
   */
  relay?: 'static' | 'api-pull';
  /** Where the stream URL comes from: the inventory, or ONVIF GetStreamUri asked with the `onvif` client. */
  streamUri?: 'inventory' | 'onvif';
  profile?: 'main' | 'sub';
  /** Record every relayed stream to MP4 (NMS trans); gives the 'recordings' capability. */
  record?: boolean;
  /** Read every camera's HTTP-FLV restream and measure frames and SEI latency; gives 'egress'. */
  egress?: boolean;
  /**
   * Worker threads reading the restreams (as `egress.workers` in an adapter file): 0 (the
   * default) reads on the main thread, 'auto' one per core.
   */
  egressWorkers?: number | 'auto';
  /** The credentials this hub instance uses on a camera; the inventory's by default. */
  credentials?: (camera: InventoryCamera) => { username: string; password: string };
  apiUser?: string;
  apiPassword?: string;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
}

const hostScript = fileURLToPath(new URL('./nms-host.ts', import.meta.url));

/**
 * node-media-server 2.7.4 as the hub under test: started as a child process with its own data
 * and record folders, provisioned with one RTSP relay per camera, observed through its events
 * (offline alarms derived from its relays' publishing), its REST API, its MP4 recordings and its
 * HTTP-FLV restream (egress, with the cameras' SEI stamps).
 */
export class NmsAdapter implements HubAdapter {
  readonly kind = 'nms';
  readonly capabilities: ReadonlySet<Capability>;
  private ctx: HubContext | undefined;
  private host: HubProcess | undefined;
  private api: NmsApi | undefined;
  private alarms: NmsAlarmTracker | undefined;
  private egress: EgressWatcher | undefined;
  private mediaRoot = '';
  private httpBase = '';
  private version = '';
  private readonly relayIds = new Map<string, string>();
  private readonly provisioned = new Map<string, InventoryCamera>();
  /** Kept here, not read back from the log: a long run's early provisions are on disk, not in its memory. */
  private readonly everProvisionedIds = new Set<string>();
  /** (wall, clock) pairs sampled at open and collect, to place file times on the run's clock. */
  private wallAtOpen = 0;
  private clockAtOpen = 0;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: NmsAdapterOptions = {}) {
    const caps: Capability[] = ['start', 'provision', 'alarms'];
    if (options.record ?? true) caps.push('recordings');
    if (options.egress ?? true) caps.push('egress');
    this.capabilities = new Set(caps);
  }

  async open(ctx: HubContext): Promise<void> {
    if (this.ctx !== undefined) throw new Error('NmsAdapter.open called twice');
    this.ctx = ctx;
    this.alarms = new NmsAlarmTracker(ctx.instance);
    const dir = join(ctx.workDir, `nms-${ctx.instance}`);
    this.mediaRoot = join(dir, 'media');
    await mkdir(this.mediaRoot, { recursive: true });
    const [rtmpPort, httpPort] = [await freePort(), await freePort()];
    const apiUser = this.options.apiUser ?? 'camlab';
    const apiPassword = this.options.apiPassword ?? 'camlab-nms';
    const configPath = join(dir, 'nms-config.json');
    const config = nmsConfig({
      rtmpPort,
      httpPort,
      ffmpeg: ffmpegPath(),
      mediaRoot: this.mediaRoot,
      apiUser,
      apiPassword,
      record: this.capabilities.has('recordings'),
    });
    await writeFile(configPath, JSON.stringify(config, null, 2));

    this.wallAtOpen = Date.now();
    this.clockAtOpen = ctx.clock.now();
    // Its own process group, so close() stops NMS and every ffmpeg it spawned by one PID.
    const host = new HubProcess(
      'node-media-server',
      process.execPath,
      ['--import', import.meta.resolve('tsx'), hostScript, configPath],
      {
        cwd: dir,
        env: { ...process.env, TZ: 'UTC' },
        ipc: true,
        stopTimeoutMs: this.options.stopTimeoutMs,
      },
    );
    this.host = host;
    host.child.on('message', (msg) => this.onHostMessage(msg as HostToAdapter));
    host.child.on('exit', (code, signal) => {
      if (host.stopped) return;
      const message = `node-media-server exited unexpectedly (code ${code ?? 'none'}, signal ${signal ?? 'none'}) ${host.stderrTail()}`;
      this.hubLog('error', message);
      ctx.crashed?.(new Error(message));
    });

    await this.waitReady(host, this.options.startTimeoutMs ?? 20_000);
    this.httpBase = `http://127.0.0.1:${httpPort}`;
    this.api = new NmsApi(this.httpBase, apiUser, apiPassword);
    // Logging in proves the API is up and gives the version it reports about itself.
    this.version = (await this.api.serverInfo()).version;
    if (this.capabilities.has('egress')) {
      const workers = this.options.egressWorkers ?? 0;
      this.egress = new EgressWatcher({
        hub: ctx.instance,
        log: ctx.log,
        clock: ctx.clock,
        protocol: 'http-flv',
        workers: workers === 'auto' ? defaultEgressWorkers() : workers,
      });
    }
    this.hubLog(
      'info',
      `node-media-server ${this.version} started: rtmp 127.0.0.1:${rtmpPort}, http ${this.httpBase}, media ${this.mediaRoot}`,
    );
  }

  private async waitReady(host: HubProcess, timeoutMs: number): Promise<void> {
    const ready = new Promise<void>((resolve, reject) => {
      host.child.on('message', (msg: HostToAdapter) => {
        if (msg.type === 'ready') resolve();
      });
      void host.exited().then(() => reject(new Error(`node-media-server exited during start: ${host.stderrTail()}`)));
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`node-media-server not ready within ${timeoutMs} ms: ${host.stderrTail()}`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([ready, deadline]);
    } catch (err) {
      await this.close();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private onHostMessage(msg: HostToAdapter): void {
    const ctx = this.ctx;
    if (ctx === undefined) return;
    if (msg.type === 'log') {
      this.hubLog(msg.level, msg.message);
    } else if (msg.type === 'event') {
      const alarm = this.alarms?.onEvent(msg.event, msg.streamPath, ctx.clock.now());
      if (alarm !== undefined) ctx.log.record(alarm);
    }
  }

  /** The NMS host process; its ffmpeg relays are its children. */
  processIds(): readonly number[] {
    return this.host?.pid !== undefined && this.host.running ? [this.host.pid] : [];
  }

  async identity(): Promise<HubIdentity> {
    return { name: 'node-media-server', vendor: 'Node-Media-Server (illuspas)', version: this.version };
  }

  async provision(cameras: readonly InventoryCamera[]): Promise<void> {
    const ctx = this.requireOpen();
    const profile = this.options.profile ?? 'main';
    for (const camera of cameras) {
      const { username, password } = this.options.credentials?.(camera) ?? camera;
      const uri =
        this.options.streamUri === 'onvif'
          ? await resolveStreamUri(camera, username, password, profile)
          : camera.rtsp[profile];
      const url = rtspUrlWithCredentials(uri, username, password);
      const name = nmsStreamName(camera.id);
      this.alarms?.watch(nmsStreamPath(camera.id), camera.id);
      if (this.options.relay === 'api-pull') {
        this.relayIds.set(camera.id, await this.api!.pull(url, name));
      } else {
        this.send({ type: 'relay-add', task: { app: nmsApp, name, mode: 'static', edge: url, rtsp_transport: 'tcp' } });
      }
      this.provisioned.set(camera.id, camera);
      this.everProvisionedIds.add(camera.id);
      ctx.log.record({ kind: 'hub.provisioned', atMs: ctx.clock.now(), hub: ctx.instance, camera: camera.id, profile });
      this.egress?.watch(camera.id, `${this.httpBase}${nmsStreamPath(camera.id)}.flv`);
    }
  }

  async release(cameras: readonly InventoryCamera[]): Promise<void> {
    const ctx = this.requireOpen();
    for (const camera of cameras) {
      if (!this.provisioned.delete(camera.id)) continue;
      const name = nmsStreamName(camera.id);
      if (this.options.relay === 'api-pull') {
        // The relay's id from provisioning, plus any NMS lists under the name.
        const ids = new Set([...(await this.api!.relaysOf(name)), this.relayIds.get(camera.id) ?? '']);
        for (const id of ids) if (id !== '') await this.api!.deleteRelay(id).catch(() => undefined);
        this.relayIds.delete(camera.id);
      } else {
        this.send({ type: 'relay-release', name });
      }
      this.egress?.unwatch(camera.id);
      this.alarms?.unwatch(nmsStreamPath(camera.id));
      ctx.log.record({ kind: 'hub.released', atMs: ctx.clock.now(), hub: ctx.instance, camera: camera.id });
    }
  }

  /** Recordings from NMS's media folder, and one line of what its API says is publishing. */
  async collect(): Promise<void> {
    const ctx = this.requireOpen();
    const wallNow = Date.now();
    const clockNow = ctx.clock.now();
    // Linear map from wall time to the run's clock, so a compressed (--speed) run places files right.
    const rate = wallNow > this.wallAtOpen ? (clockNow - this.clockAtOpen) / (wallNow - this.wallAtOpen) : 1;
    const toClock = (wallMs: number): number => Math.round(this.clockAtOpen + (wallMs - this.wallAtOpen) * rate);
    if (this.capabilities.has('recordings')) {
      for (const cameraId of this.everProvisioned()) {
        for (const file of await listRecordings(join(this.mediaRoot, nmsApp, nmsStreamName(cameraId)))) {
          // Its own timestamps, for HUB-REC-05; a file ffprobe cannot read gives none.
          const timeline = fileTimeline(
            await filePacketTimes(file.path).catch(() => []),
            toClock(file.startMs),
            toClock(file.endMs),
          );
          ctx.log.record({
            kind: 'hub.recording',
            atMs: clockNow,
            hub: ctx.instance,
            camera: cameraId,
            startMs: toClock(file.startMs),
            endMs: toClock(file.endMs),
            ...(timeline.length > 0 ? { timeline } : {}),
          });
        }
      }
    }
    const streams = await this.api!.streams().catch(() => undefined);
    if (streams !== undefined) {
      const publishing = Object.values(streams).filter((s) => s.publisher !== null).length;
      this.hubLog(
        'info',
        `node-media-server API: ${publishing} of ${this.provisioned.size} provisioned streams publishing`,
      );
    }
  }

  /** Ids of every camera provisioned during the run, released or not (their recordings still count). */
  private everProvisioned(): string[] {
    return [...this.everProvisionedIds];
  }

  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    await this.egress?.close();
    await this.host?.stop();
  }

  private send(msg: AdapterToHost): void {
    const child = this.host?.child;
    if (child?.connected !== true) throw new Error('node-media-server is not running');
    child.send(msg);
  }

  private requireOpen(): HubContext {
    if (this.ctx === undefined || this.api === undefined) throw new Error('NmsAdapter used before open()');
    if (this.closing !== undefined) throw new Error('NmsAdapter used after close()');
    return this.ctx;
  }

  private hubLog(level: 'info' | 'warn' | 'error', message: string): void {
    const ctx = this.ctx;
    if (ctx === undefined) return;
    ctx.log.record({ kind: 'hub.log', atMs: ctx.clock.now(), hub: ctx.instance, level, message });
  }
}

export function createNmsAdapter(options: NmsAdapterOptions = {}): NmsAdapter {
  return new NmsAdapter(options);
}
