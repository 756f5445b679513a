import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Camera } from '../../camera/camera.ts';
import { builtinCameraModels } from '../../camera/camera-model.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { replayPath } from '../../recording/recorded-track.ts';
import { ffmpegAvailable, ffmpegPath, ffprobePath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { findSeiStamps } from '../../../media/sei/sei-stamp.ts';
import { RtspServer } from '../rtsp-server.ts';
import { StreamLibrary } from '../stream-library.ts';
import { runClient } from './run-client.ts';
import { expectResourcesReleased } from './resources.ts';
import { SpanListLibrary } from './span-list-library.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping RTSP replay ffmpeg e2e: ffmpeg/ffprobe do not run here');

const model = builtinCameraModels[0]!;
/** The sub profile (640x360): a real clip that is quick to make and to decode. */
const profile = model.profiles.find((p) => p.name === 'sub')!;
const FRAME_MS = 1000 / profile.fps;

/**
 * ffmpeg's RTSP demuxer sends no `Require: onvif-replay` and no clock Range: it asks
 * `Range: npt=<-ss>-`. The server serves it as plain RFC 2326 playback from the recording's
 * start, rate-controlled, answering the Range in npt so ffmpeg's timestamps start at -ss.
 */
describe.skipIf(!available)('ffmpeg and ffprobe read a replay', () => {
  const log = new ObservationLog();
  const streams = new StreamLibrary();
  const t0 = Math.floor(Date.now() / 1000) * 1000 - 120_000;
  const recordings = new SpanListLibrary([
    { recordingToken: 'EDGE-1', cameraId: 'cam-ff', profile, spans: [{ startMs: t0, endMs: t0 + 60_000 }] },
  ]);
  const server = new RtspServer({ log, streams, recordings });
  const cam = new Camera({
    id: 'cam-ff',
    name: 'cam-ff',
    site: 'lab',
    model,
    network: { address: '127.11.8.1', rtspPort: 0, onvifPort: 0 },
    users: [{ username: 'admin', password: 'secret', role: 'Administrator' }],
  });
  let resourcesBefore: string[];
  let url = '';

  beforeAll(async () => {
    resourcesBefore = process.getActiveResourcesInfo();
    await streams.streamFor(profile);
    await server.addCamera(cam);
    url = `rtsp://admin:secret@${cam.network.address}:${cam.network.rtspPort}${replayPath('EDGE-1')}`;
  }, 120_000);

  afterAll(async () => {
    await server.close();
    streams.close();
    await expectResourcesReleased(resourcesBefore);
  });

  it('ffprobe reads the recorded stream over TCP', async () => {
    const probe = await runClient(
      ffprobePath(),
      ['-v', 'error', '-rtsp_transport', 'tcp', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', url],
      30_000,
    );
    expect(probe.stderr).toBe('');
    expect(JSON.parse(probe.stdout.toString()).streams[0]).toMatchObject({
      codec_name: 'h264',
      width: 640,
      height: 360,
    });
  }, 60_000);

  it('ffmpeg -ss 5 over UDP: the first frame is stamped with the capture instant 5 s into the recording, replayed, within one frame', async () => {
    // -seek_timestamp 1: -ss is the stream time to ask for; without it ffmpeg adds the start time it
    // probed (0.24 s here) and asks npt=5.240-, which the server then serves.
    const rec = await runClient(
      ffmpegPath(),
      ['-v', 'error', '-seek_timestamp', '1', '-ss', '5', '-i', url, '-t', '1', '-c', 'copy', '-f', 'h264', 'pipe:1'],
      30_000,
    );
    expect(rec.stderr).toBe('');
    const stamps = findSeiStamps('h264', rec.stdout);
    expect(stamps.length).toBeGreaterThanOrEqual(10);
    expect(stamps[0]).toMatchObject({ cameraId: 'cam-ff', replayed: true });
    expect(Math.abs(stamps[0]!.sendTimeMs - (t0 + 5000))).toBeLessThan(FRAME_MS);
    // Consecutive capture instants, one frame apart, as recorded.
    expect(stamps.slice(1, 10).map((s, i) => s.sendTimeMs - stamps[i]!.sendTimeMs)).toEqual(
      Array<number>(9).fill(FRAME_MS),
    );
    // ffmpeg plays from npt=0 while it probes, then PAUSEs and PLAYs again from 5 s.
    expect(
      log
        .ofKind('rtsp.request')
        .filter((o) => o.client.startsWith('127.') && ['PLAY', 'PAUSE'].includes(o.method))
        .map((o) => `${o.method} ${o.status}`)
        .slice(-3),
    ).toEqual(['PLAY 200', 'PAUSE 200', 'PLAY 200']);
    expect(log.ofKind('rtsp.session.open').at(-1)?.transport).toBe('udp');
  }, 60_000);
});
