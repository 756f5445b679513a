import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import type { Capability, HubAdapter, HubContext, HubIdentity, PtzCommand } from '../hub-adapter.ts';
import { EgressRecorder } from './egress-recorder.ts';
import { MiniHub, type MiniHubOptions } from './mini-hub.ts';
import { miniHubVariants, type MiniHubVariant } from './pull-policy.ts';
import { join } from 'node:path';
import { Backfiller, type RecordingDevice } from './backfiller.ts';
import { ProfileGClient } from './profile-g-client.ts';
import { fetchReplay } from './replay-fetch.ts';
import { SegmentRecorder } from './segment-recorder.ts';

/**
 * Drives a mini hub for the runner: it starts with the run, is provisioned and released per
 * camera, sends operators' PTZ commands, and its offline alarms, restream (egress) and
 * recordings reach the observation log.
 * What it records is what it did; whether that was right is for harness/verdicts.
 */
export class MiniHubAdapter implements HubAdapter {
  readonly kind: string;
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'start',
    'provision',
    'alarms',
    'egress',
    'recordings',
    'recording-frames',
    'ptz',
  ]);
  private hub: MiniHub | undefined;
  private egress: EgressRecorder | undefined;
  private recorder: SegmentRecorder | undefined;
  private backfiller: Backfiller | undefined;
  /** Cameras as provisioned, for the backfiller to reach their recordings. */
  private readonly inventory = new Map<string, InventoryCamera>();
  private ctx: HubContext | undefined;
  private closed = false;

  constructor(
    readonly variant: MiniHubVariant,
    private readonly testHooks: Pick<MiniHubOptions, 'spawn' | 'resolveUri' | 'knock' | 'healthCheck' | 'sendPtz'> & {
      recordingDevice?(camera: InventoryCamera): RecordingDevice;
    } = {},
  ) {
    this.kind = `mini-hub:${variant}`;
  }

  async open(ctx: HubContext): Promise<void> {
    this.ctx = ctx;
    const policy = miniHubVariants[this.variant];
    const egress = new EgressRecorder({ hub: ctx.instance, log: ctx.log, clock: ctx.clock });
    const recorder = new SegmentRecorder(
      ctx.instance,
      ctx.log,
      ctx.clock,
      policy.recordForMs,
      join(ctx.workDir, 'recordings'),
      policy.recordingTime,
    );
    this.egress = egress;
    this.recorder = recorder;
    const devices = new Map<string, RecordingDevice>();
    const backfiller = new Backfiller({
      policy: policy.backfill,
      clock: ctx.clock,
      deviceFor: (camera) => {
        let device = devices.get(camera.id);
        if (device === undefined) {
          device = this.testHooks.recordingDevice?.(camera) ?? edgeStorageOf(camera);
          devices.set(camera.id, device);
        }
        return device;
      },
      fetch: (uri, camera, fromMs, toMs) =>
        fetchReplay(uri, fromMs, toMs, {
          user: camera.username,
          password: camera.password,
          deadlineMs: 120_000,
          idleMs: 5_000,
          maxPictures: 200_000,
        }),
      store: (camera, pictures, startMs, endMs) => recorder.store(camera, pictures, startMs, endMs),
      log: (message) =>
        ctx.log.record({ kind: 'hub.log', atMs: ctx.clock.now(), hub: ctx.instance, level: 'info', message }),
    });
    this.backfiller = backfiller;
    this.hub = new MiniHub({
      policy,
      clock: ctx.clock,
      onAlarm: (camera, state) =>
        ctx.log.record({
          kind: 'hub.alarm',
          atMs: ctx.clock.now(),
          hub: ctx.instance,
          camera,
          alarmKind: 'offline',
          alarm: 'offline',
          state,
        }),
      onEgress: (camera, stamp) => egress.frame(camera, stamp),
      onFrame: (camera, frame) => {
        recorder.frame(camera, frame);
        const known = this.inventory.get(camera);
        if (known !== undefined) backfiller.picture(known);
      },
      onMediaTime: (camera, ms) => recorder.mediaTime(camera, ms),
      onMotion: (camera, state) =>
        ctx.log.record({
          kind: 'hub.alarm',
          atMs: ctx.clock.now(),
          hub: ctx.instance,
          camera,
          alarmKind: 'motion',
          alarm: 'motion',
          state,
        }),
      ...this.testHooks,
    });
  }

  async identity(): Promise<HubIdentity> {
    return { name: `camlab mini hub (${this.variant})`, vendor: 'camlab reference hubs', version: '2' };
  }

  async provision(cameras: readonly InventoryCamera[]): Promise<void> {
    const { hub, ctx, egress } = this.ready();
    for (const c of cameras) {
      this.inventory.set(c.id, c);
      ctx.log.record({
        kind: 'hub.provisioned',
        atMs: ctx.clock.now(),
        hub: ctx.instance,
        camera: c.id,
        profile: 'main',
      });
      egress.watch(c.id);
    }
    await Promise.all(cameras.map((c) => hub.add(c)));
  }

  async release(cameras: readonly InventoryCamera[]): Promise<void> {
    const { hub, ctx, egress, recorder } = this.ready();
    for (const c of cameras) {
      // The release is recorded as asked for: that the hub ignores it is what the verdicts must see.
      ctx.log.record({ kind: 'hub.released', atMs: ctx.clock.now(), hub: ctx.instance, camera: c.id });
      if (hub.release(c.id)) {
        egress.unwatch(c.id);
        recorder.end(c.id);
      }
    }
  }

  async ptz(camera: InventoryCamera, command: PtzCommand): Promise<void> {
    const { hub, ctx } = this.ready();
    // Recorded as the operator sends it, before the hub answers: where it lands is the camera's to tell.
    ctx.log.record({
      kind: 'hub.ptz',
      atMs: ctx.clock.now(),
      hub: ctx.instance,
      camera: camera.id,
      command: command.kind,
      ...(command.kind === 'goto-preset' ? { preset: command.preset } : {}),
    });
    try {
      await hub.ptz(camera, command);
    } catch (err) {
      ctx.log.record({
        kind: 'hub.log',
        atMs: ctx.clock.now(),
        hub: ctx.instance,
        level: 'warn',
        message: `PTZ ${command.kind} for ${camera.id} failed: ${(err as Error).message}`,
      });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.hub?.close();
    await this.backfiller?.close();
    this.egress?.close();
    await this.recorder?.close();
  }

  private ready(): { hub: MiniHub; ctx: HubContext; egress: EgressRecorder; recorder: SegmentRecorder } {
    if (this.hub === undefined || this.ctx === undefined || this.egress === undefined || this.recorder === undefined)
      throw new Error(`${this.kind}: open() first`);
    if (this.closed) throw new Error(`${this.kind}: closed`);
    return { hub: this.hub, ctx: this.ctx, egress: this.egress, recorder: this.recorder };
  }
}

/** A camera's own storage, reached over ONVIF Profile G with the hub's credentials. */
function edgeStorageOf(camera: InventoryCamera): RecordingDevice {
  const client = new ProfileGClient(camera.onvif, camera.username, camera.password, 10_000);
  return {
    keepsRecordings: async () => (await client.addresses()).profileG,
    findRecordings: () => client.findRecordings(),
    replayUri: (token) => client.replayUri(token),
    deleteRecording: (token) => client.deleteRecording(token),
  };
}
