import { execFile } from 'node:child_process';
import { access, constants, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import type { Capability, HubAdapter, HubContext, HubIdentity } from '../hub-adapter.ts';
import { HubProcess } from '../process/hub-process.ts';
import { motionCameraConfig, motionMainConfig } from './motion-config.ts';
import { MotionHookReceiver, type MotionHook } from './motion-hook-receiver.ts';

export interface MotionAdapterOptions {
  /** The motion binary; Debian's package installs /usr/bin/motion. */
  motionPath?: string;
  profile?: 'main' | 'sub';
  /** The credentials this hub instance uses on a camera; the inventory's by default. */
  credentials?: (camera: InventoryCamera) => { username: string; password: string };
  /** Longest movie file before Motion starts the next. */
  movieMaxTimeS?: number;
  stopTimeoutMs?: number;
}

export const defaultMotionPath = '/usr/bin/motion';

/** True when the Motion binary exists and is executable. */
export async function motionAvailable(motionPath = defaultMotionPath): Promise<boolean> {
  try {
    await access(motionPath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

interface MotionCamera {
  camera: InventoryCamera;
  motionId: number;
}

/**
 * Motion as a hub: one camera file per camera (netcam_url, RTSP over TCP, passthrough
 * recording), Motion in the foreground, and its hooks (camera lost/found, movie start/end)
 * calling back over HTTP. Motion reads its cameras only at start, so a provisioning change
 * makes it reload (SIGHUP), which restarts every camera thread — as it would for an operator.
 * Its live stream is MJPEG re-encoded from decoded frames, so the SEI stamps do not survive
 * and there is no 'egress'.
 */
export class MotionAdapter implements HubAdapter {
  readonly kind = 'motion';
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['start', 'provision', 'alarms', 'recordings']);
  private ctx: HubContext | undefined;
  private receiver: MotionHookReceiver | undefined;
  private motion: HubProcess | undefined;
  private dir = '';
  private cameraDir = '';
  private configPath = '';
  private version = '';
  private nextMotionId = 1;
  private readonly byCamera = new Map<string, MotionCamera>();
  private readonly byMotionId = new Map<number, MotionCamera>();
  private readonly raised = new Set<string>();
  /**
   * Movies being written, by file: Motion runs each hook in its own shell, so under load one
   * movie's end can arrive after the next movie's start; pairing by file keeps them apart.
   */
  private readonly openMovies = new Map<string, { camera: string; startMs: number }>();
  private closing: Promise<void> | undefined;

  constructor(private readonly options: MotionAdapterOptions = {}) {}

  private get motionPath(): string {
    return this.options.motionPath ?? defaultMotionPath;
  }

  async open(ctx: HubContext): Promise<void> {
    if (this.ctx !== undefined) throw new Error('MotionAdapter.open called twice');
    if (!(await motionAvailable(this.motionPath))) {
      throw new Error(`Motion is not installed at ${this.motionPath} (Debian: apt-get install -y motion)`);
    }
    this.ctx = ctx;
    this.version = await this.readVersion();
    this.dir = join(ctx.workDir, `motion-${ctx.instance}`);
    this.cameraDir = join(this.dir, 'cameras');
    this.configPath = join(this.dir, 'motion.conf');
    await mkdir(this.cameraDir, { recursive: true });
    await mkdir(join(this.dir, 'recordings'), { recursive: true });
    this.receiver = new MotionHookReceiver((hook) => this.onHook(hook));
    const hookBase = await this.receiver.listen();
    await writeFile(
      this.configPath,
      motionMainConfig({
        cameraDir: this.cameraDir,
        targetDir: join(this.dir, 'recordings'),
        hookBase,
        movieMaxTimeS: this.options.movieMaxTimeS ?? 60,
      }),
    );
    this.hubLog('info', `Motion ${this.version} configured in ${this.dir}; hooks call ${hookBase}`);
  }

  private async readVersion(): Promise<string> {
    // `motion -h` prints "motion Version 4.5.1, Copyright ..." and exits non-zero.
    const out = await promisify(execFile)(this.motionPath, ['-h']).then(
      (r) => r.stdout + r.stderr,
      (err: { stdout?: string; stderr?: string }) => (err.stdout ?? '') + (err.stderr ?? ''),
    );
    return /Version\s+([\w.-]+)/.exec(out)?.[1] ?? 'unknown';
  }

  /** Motion runs every camera as a thread of its one process. */
  processIds(): readonly number[] {
    return this.motion?.pid !== undefined && this.motion.running ? [this.motion.pid] : [];
  }

  async identity(): Promise<HubIdentity> {
    return { name: 'Motion', vendor: 'Motion-Project', version: this.version };
  }

  async provision(cameras: readonly InventoryCamera[]): Promise<void> {
    const ctx = this.requireOpen();
    const profile = this.options.profile ?? 'main';
    for (const camera of cameras) {
      if (this.byCamera.has(camera.id)) continue;
      const entry = { camera, motionId: this.nextMotionId++ };
      const { username, password } = this.options.credentials?.(camera) ?? camera;
      await writeFile(
        join(this.cameraDir, `camera-${entry.motionId}.conf`),
        motionCameraConfig({
          motionId: entry.motionId,
          name: camera.id,
          url: camera.rtsp[profile],
          username,
          password,
        }),
      );
      this.byCamera.set(camera.id, entry);
      this.byMotionId.set(entry.motionId, entry);
    }
    await this.applyCameras();
    for (const camera of cameras)
      ctx.log.record({ kind: 'hub.provisioned', atMs: ctx.clock.now(), hub: ctx.instance, camera: camera.id, profile });
  }

  async release(cameras: readonly InventoryCamera[]): Promise<void> {
    const ctx = this.requireOpen();
    const released: string[] = [];
    for (const camera of cameras) {
      const entry = this.byCamera.get(camera.id);
      if (entry === undefined) continue;
      await rm(join(this.cameraDir, `camera-${entry.motionId}.conf`), { force: true });
      this.byCamera.delete(camera.id);
      released.push(camera.id);
    }
    await this.applyCameras();
    for (const id of released)
      ctx.log.record({ kind: 'hub.released', atMs: ctx.clock.now(), hub: ctx.instance, camera: id });
  }

  /** Start Motion, make it re-read its camera files, or stop it when none are left. */
  private async applyCameras(): Promise<void> {
    if (this.byCamera.size === 0) {
      await this.motion?.stop();
      this.motion = undefined;
      return;
    }
    if (this.motion?.running === true) {
      this.motion.signal('SIGHUP');
      return;
    }
    const motion = new HubProcess('motion', this.motionPath, ['-n', '-c', this.configPath], {
      cwd: this.dir,
      stopTimeoutMs: this.options.stopTimeoutMs,
    });
    this.motion = motion;
    motion.child.on('exit', (code, signal) => {
      if (motion.stopped) return;
      const message = `Motion exited unexpectedly (code ${code ?? 'none'}, signal ${signal ?? 'none'}): ${motion.stderrTail()}`;
      this.hubLog('error', message);
      this.ctx?.crashed?.(new Error(message));
    });
  }

  private onHook(hook: MotionHook): void {
    const ctx = this.ctx;
    // Hooks of a camera released since (Motion finishing its last movie) still map by id.
    const entry = this.byMotionId.get(hook.motionId);
    if (ctx === undefined || entry === undefined) return;
    const camera = entry.camera.id;
    const atMs = ctx.clock.now();
    const base = { atMs, hub: ctx.instance, camera };
    switch (hook.event) {
      case 'camera_lost':
        if (this.raised.has(camera)) return;
        this.raised.add(camera);
        // Motion's on_camera_lost: the camera's stream is gone, which is the offline kind.
        ctx.log.record({ kind: 'hub.alarm', ...base, alarmKind: 'offline', alarm: 'camera_lost', state: 'raised' });
        return;
      case 'camera_found':
        if (!this.raised.delete(camera)) return;
        ctx.log.record({ kind: 'hub.alarm', ...base, alarmKind: 'offline', alarm: 'camera_lost', state: 'cleared' });
        return;
      case 'movie_start':
        this.openMovies.set(hook.file ?? camera, { camera, startMs: atMs });
        return;
      case 'movie_end': {
        const movie = hook.file ?? camera;
        const open = this.openMovies.get(movie);
        this.openMovies.delete(movie);
        if (open !== undefined) ctx.log.record({ kind: 'hub.recording', ...base, startMs: open.startMs, endMs: atMs });
        return;
      }
    }
  }

  /** Movies still being written count as recorded up to now. */
  async collect(): Promise<void> {
    const ctx = this.requireOpen();
    const now = ctx.clock.now();
    for (const open of this.openMovies.values()) {
      ctx.log.record({
        kind: 'hub.recording',
        atMs: now,
        hub: ctx.instance,
        camera: open.camera,
        startMs: open.startMs,
        endMs: now,
      });
      open.startMs = now;
    }
  }

  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    await this.motion?.stop();
    await this.receiver?.close();
  }

  private requireOpen(): HubContext {
    if (this.ctx === undefined) throw new Error('MotionAdapter used before open()');
    if (this.closing !== undefined) throw new Error('MotionAdapter used after close()');
    return this.ctx;
  }

  private hubLog(level: 'info' | 'warn' | 'error', message: string): void {
    const ctx = this.ctx;
    if (ctx === undefined) return;
    ctx.log.record({ kind: 'hub.log', atMs: ctx.clock.now(), hub: ctx.instance, level, message });
  }
}

export function createMotionAdapter(options: MotionAdapterOptions = {}): MotionAdapter {
  return new MotionAdapter(options);
}
