import { Camera } from '../../camera/camera.ts';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import { rtspUrl } from '../../camera/uris.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { RtspServer } from '../rtsp-server.ts';
import { StreamLibrary } from '../stream-library.ts';
import type { ServerReply, ServerRequest, StreamTarget } from './bench-messages.ts';
import { BENCH_MODEL_ID, BENCH_PASSWORD, BENCH_USER, exitWithParent, settledMemory } from './bench-messages.ts';

/** One simulator shard of the stream benchmark: an RtspServer with a slice of the cameras. */
exitWithParent();
const model = findBuiltinModel(BENCH_MODEL_ID)!;
// Keeps memory flat over the run: the bench reads counters, not the observation history.
const log = new ObservationLog(10_000);
const streams = new StreamLibrary();
const server = new RtspServer({ log, streams });

function reply(msg: ServerReply): void {
  process.send?.(msg);
}

async function start(cameras: number, firstIndex: number, profile: 'main' | 'sub'): Promise<void> {
  await streams.preload([model]);
  const targets: StreamTarget[] = [];
  for (let i = 0; i < cameras; i++) {
    const g = firstIndex + i;
    const camera = new Camera({
      id: `bench-${g}`,
      name: `Bench ${g}`,
      site: 'bench',
      model,
      network: { address: `127.11.${100 + Math.floor(g / 250)}.${(g % 250) + 1}`, rtspPort: 0, onvifPort: 0 },
      users: [{ username: BENCH_USER, password: BENCH_PASSWORD, role: 'User' }],
    });
    await server.addCamera(camera);
    targets.push({ host: camera.network.address, port: camera.network.rtspPort, url: rtspUrl(camera, profile) });
  }
  reply({ type: 'ready', targets, rssKb: Math.round(process.memoryUsage().rss / 1024) });
}

process.on('message', (msg: ServerRequest) => {
  if (msg.type === 'start') {
    start(msg.cameras, msg.firstIndex, msg.profile ?? 'main').catch((err: unknown) =>
      reply({ type: 'error', message: String(err) }),
    );
  } else if (msg.type === 'sample') {
    const cpu = process.cpuUsage();
    const s = server.stats();
    reply({
      type: 'sample',
      cpuUs: cpu.user + cpu.system,
      rssKb: Math.round(process.memoryUsage().rss / 1024),
      framesSent: s.framesSent,
      framesDropped: s.framesDropped,
    });
  } else if (msg.type === 'memory') {
    reply(settledMemory());
  } else {
    void server.close().then(() => {
      streams.close();
      process.exit(0);
    });
  }
});
