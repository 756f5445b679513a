import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Camera } from '../../camera/camera.ts';
import { cameraModelSchema, findBuiltinModel } from '../../camera/camera-model.ts';
import { rtspUrl } from '../../camera/uris.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { ffmpegAvailable, ffmpegPath, ffprobePath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { RtspReader } from '../../rtsp/rtsp-reader.ts';
import { RtspServer } from '../../rtsp/rtsp-server.ts';
import { StreamLibrary } from '../../rtsp/stream-library.ts';
import { runClient } from '../../rtsp/e2e/run-client.ts';
import { expectResourcesReleased } from '../../rtsp/e2e/resources.ts';
import { decodeRtpPacket } from '../../../media/rtp/rtp-header.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping RTSP quirk ffmpeg e2e: ffmpeg/ffprobe do not run here');

/**
 * RTSP/RTP quirks as real clients meet them: ffprobe and ffmpeg against one camera (its 640x360
 * sub stream, a clip with a running timecode burned in), the quirk switched on as a model or a
 * timed fault would.
 */
describe.skipIf(!available)('RTSP/RTP quirks seen by ffmpeg and ffprobe', () => {
  const log = new ObservationLog();
  const streams = new StreamLibrary();
  const server = new RtspServer({ log, streams });
  const model = cameraModelSchema.parse({ ...findBuiltinModel('fixed-1080p')!, id: 'one-slot', maxRtspSessions: 1 });
  const camera = new Camera({
    id: 'ff-quirk-1',
    name: 'ff-quirk-1',
    site: 'lab',
    model,
    network: { address: '127.11.9.41', rtspPort: 0, onvifPort: 0 },
    users: [{ username: 'admin', password: 'secret', role: 'Administrator' }],
  });
  let resourcesBefore: string[];
  const url = (): string => rtspUrl(camera, 'sub').replace('rtsp://', 'rtsp://admin:secret@');
  const quirk = (id?: string, params: Record<string, unknown> = {}): void => {
    camera.quirks.remove('test');
    if (id !== undefined) camera.quirks.add('test', id, params);
  };

  beforeAll(async () => {
    resourcesBefore = process.getActiveResourcesInfo();
    await server.addCamera(camera);
  }, 120_000);

  afterAll(async () => {
    await server.close();
    streams.close();
    camera.dispose();
    await expectResourcesReleased(resourcesBefore);
  });

  it('maxRtspSessions 1: while a reader holds the slot, ffprobe is refused with 453 Not Enough Bandwidth', async () => {
    const holder = await RtspReader.connect(camera.network.address, camera.network.rtspPort, {
      username: 'admin',
      password: 'secret',
    });
    try {
      await holder.play(rtspUrl(camera, 'main'));
      const probe = await runClient(
        ffprobePath(),
        ['-v', 'error', '-rtsp_transport', 'tcp', '-show_entries', 'stream=width', '-of', 'json', url()],
        30_000,
      );
      expect(probe.code).not.toBe(0);
      expect(probe.stderr).toMatch(/453 Not Enough Bandwidth/);
    } finally {
      holder.close();
    }
  }, 60_000);

  it('frozen-picture: ffmpeg decodes 20 identical pictures; without it, 20 different ones', async () => {
    const md5s = async (): Promise<string[]> => {
      const run = await runClient(
        ffmpegPath(),
        ['-v', 'error', '-rtsp_transport', 'tcp', '-i', url(), '-frames:v', '20', '-f', 'framemd5', '-'],
        30_000,
      );
      expect(run.code, run.stderr).toBe(0);
      return run.stdout
        .toString()
        .split('\n')
        .filter((l) => /^\d/.test(l))
        .map((l) => l.split(',').at(-1)!.trim());
    };
    quirk('frozen-picture');
    const frozen = await md5s();
    quirk();
    const live = await md5s();
    expect(frozen).toHaveLength(20);
    expect(new Set(frozen).size).toBe(1);
    expect(new Set(live).size).toBeGreaterThan(15);
  }, 90_000);

  it('damaged-nal-units: ffmpeg reports decoding errors and concealment; the clean stream decodes silently', async () => {
    const decode = (): Promise<{ code: number | null; stderr: string }> =>
      runClient(
        ffmpegPath(),
        [
          '-v',
          'error',
          '-rtsp_transport',
          'tcp',
          '-analyzeduration',
          '1000000',
          '-i',
          url(),
          '-frames:v',
          '50',
          '-f',
          'null',
          '-',
        ],
        30_000,
      );
    const clean = await decode();
    expect(clean.stderr).toBe('');
    quirk('damaged-nal-units', { every: 5 });
    const damaged = await decode();
    quirk();
    expect(damaged.stderr).toMatch(/error while decoding MB|concealing|corrupt|Invalid|illegal/i);
  }, 90_000);

  it('slow-first-keyframe with no parameter sets in the SDP: ffprobe meets P-frames it cannot decode (no SPS/PPS yet); the camera without quirks probes cleanly', async () => {
    const probe = () =>
      runClient(
        ffprobePath(),
        ['-v', 'error', '-rtsp_transport', 'tcp', '-show_entries', 'stream=width,height', '-of', 'json', url()],
        30_000,
      );
    const plain = await probe();
    expect(plain.stderr).toBe('');
    expect(JSON.parse(plain.stdout.toString()).streams[0]).toMatchObject({ width: 640, height: 360 });
    camera.quirks.add('test', 'slow-first-keyframe', { delay: '3s' });
    camera.quirks.add('test', 'sdp-without-parameter-sets', {});
    const blind = await probe();
    quirk();
    expect(blind.stderr).toMatch(/non-existing PPS|no frame|decode_slice_header error/);
  }, 90_000);
  it('audio-only-after-reconnect: ffprobe finds one pcm_mulaw stream and no video, the raw client G.711 silence; once it is off, video again', async () => {
    const probeStreams = async (): Promise<{ codec_type: string; codec_name: string; sample_rate?: string }[]> => {
      const run = await runClient(
        ffprobePath(),
        [
          '-v',
          'error',
          '-rtsp_transport',
          'tcp',
          '-show_entries',
          'stream=codec_type,codec_name,sample_rate',
          '-of',
          'json',
          url(),
        ],
        30_000,
      );
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout.toString()).streams;
    };
    quirk('audio-only-after-reconnect');
    const audioOnly = await probeStreams();
    // The packets themselves, as a raw client reads them: 25 in a row (half a second of audio).
    const packets: Buffer[] = [];
    let got!: () => void;
    const enough = new Promise<void>((resolve) => (got = resolve));
    const reader = await RtspReader.connect(camera.network.address, camera.network.rtspPort, {
      username: 'admin',
      password: 'secret',
      onRtpPacket: (p) => {
        if (packets.length < 25) packets.push(Buffer.from(p));
        if (packets.length === 25) got();
      },
    });
    let sdp: string;
    try {
      sdp = (await reader.play(rtspUrl(camera, 'sub'))).sdp;
      await enough;
    } finally {
      reader.close();
    }
    quirk();
    const video = await probeStreams();

    expect(audioOnly).toEqual([{ codec_type: 'audio', codec_name: 'pcm_mulaw', sample_rate: '8000' }]);
    expect(sdp.match(/^m=.*$/gm)).toEqual(['m=audio 0 RTP/AVP 0']);
    const rtp = packets.map((p) => decodeRtpPacket(p));
    expect(rtp.map((p) => p.header.payloadType)).toEqual(Array(25).fill(0));
    expect(rtp.map((p) => p.header.marker)).toEqual([true, ...Array(24).fill(false)]);
    for (const p of rtp) expect([...new Set(p.payload)], 'a silent 160-byte payload').toEqual([0xff]);
    expect(rtp.map((p) => p.payload.length)).toEqual(Array(25).fill(160));
    const steps = rtp
      .slice(1)
      .map((p, i) => [
        (p.header.timestamp - rtp[i]!.header.timestamp) >>> 0,
        (p.header.sequenceNumber - rtp[i]!.header.sequenceNumber) & 0xffff,
      ]);
    expect(steps).toEqual(Array(24).fill([160, 1]));
    expect(video.map((st) => st.codec_type)).toEqual(['video']);
  }, 90_000);
});
