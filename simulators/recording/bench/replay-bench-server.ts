import { Camera } from '../../camera/camera.ts';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import { rtspUrl } from '../../camera/uris.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { replayPath } from '../recorded-track.ts';
import { RtspServer } from '../../rtsp/rtsp-server.ts';
import { StreamLibrary } from '../../rtsp/stream-library.ts';
import { SpanListLibrary } from '../../rtsp/e2e/span-list-library.ts';
import { BENCH_PASSWORD, BENCH_USER, exitWithParent } from '../../rtsp/bench/bench-messages.ts';
import type { ReplayBenchReply, ReplayBenchRequest } from './replay-bench-messages.ts';

/**
 * The server process of the replay bench: N cameras, each with a live profile and a recording of
 * it (one hour kept, still recording), on one RtspServer. Reports its own CPU time on request.
 */
exitWithParent();
const model = findBuiltinModel('fixed-1080p')!;
const log = new ObservationLog(10_000);
const streams = new StreamLibrary();

function reply(msg: ReplayBenchReply): void {
  process.send?.(msg);
}

let server: RtspServer | undefined;

async function start(cameras: number, profileName: 'main' | 'sub'): Promise<void> {
  const profile = model.profiles.find((p) => p.name === profileName)!;
  await streams.streamFor(profile);
  const startMs = Date.now() - 3_600_000;
  const recordings = new SpanListLibrary(
    Array.from({ length: cameras }, (_, i) => ({
      recordingToken: `REC-${i}`,
      cameraId: `bench-${i}`,
      profile,
      spans: [{ startMs, endMs: Infinity }],
    })),
  );
  server = new RtspServer({ log, streams, recordings });
  const targets = [];
  for (let i = 0; i < cameras; i++) {
    const camera = new Camera({
      id: `bench-${i}`,
      name: `Bench ${i}`,
      site: 'bench',
      model,
      network: { address: `127.12.${100 + Math.floor(i / 250)}.${(i % 250) + 1}`, rtspPort: 0, onvifPort: 0 },
      users: [{ username: BENCH_USER, password: BENCH_PASSWORD, role: 'User' }],
    });
    await server.addCamera(camera);
    const base = `rtsp://${camera.network.address}:${camera.network.rtspPort}`;
    targets.push({
      host: camera.network.address,
      port: camera.network.rtspPort,
      liveUrl: rtspUrl(camera, profileName),
      replayUrl: `${base}${replayPath(`REC-${i}`)}`,
    });
  }
  reply({ type: 'ready', targets, recordedFromMs: startMs });
}

process.on('message', (msg: ReplayBenchRequest) => {
  if (msg.type === 'start') {
    start(msg.cameras, msg.profile).catch((err: unknown) => reply({ type: 'error', message: String(err) }));
  } else if (msg.type === 'sample') {
    const cpu = process.cpuUsage();
    const s = server?.stats();
    reply({ type: 'sample', cpuUs: cpu.user + cpu.system, framesSent: s?.framesSent ?? 0, sessions: s?.sessions ?? 0 });
  } else {
    void (server?.close() ?? Promise.resolve()).then(() => {
      streams.close();
      process.exit(0);
    });
  }
});
