import { execFile, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegAvailable, ffmpegPath, ffprobePath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { attr, child, children, textAt } from '../../wire/xml-element.ts';
import { withAdminCredentials } from './onvif-fixture.ts';
import { StreamingFixture } from './streaming-fixture.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('streaming-testspec.test: ffmpeg does not run here, skipping');

/** Decodes the first frames of an RTSP stream as the test tool does ("start and decode media streaming"); resolves to the frames decoded. */
function decode(url: string, transport: 'udp' | 'tcp'): Promise<number> {
  const withCreds = withAdminCredentials(url);
  return new Promise((resolve, reject) =>
    execFile(
      ffmpegPath(),
      ['-v', 'error', '-stats', '-rtsp_transport', transport, '-i', withCreds, '-frames:v', '5', '-f', 'null', '-'],
      { timeout: 30_000 },
      (err, _stdout, stderr) => {
        if (err) return reject(new Error(`${err.message}\n${stderr}`));
        const frames = [...stderr.matchAll(/frame=\s*(\d+)/g)].map((m) => Number(m[1]));
        resolve(frames.at(-1) ?? 0);
      },
    ),
  );
}

/** Plays a stream until it ends or is stopped; `ended` resolves with ffmpeg's exit code. */
function keepPlaying(url: string): { ended: Promise<number | null>; stop(): void } {
  const withCreds = withAdminCredentials(url);
  const child = spawn(ffmpegPath(), ['-v', 'error', '-rtsp_transport', 'tcp', '-i', withCreds, '-f', 'null', '-'], {
    stdio: 'ignore',
  });
  const ended = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { ended, stop: () => void child.kill('SIGKILL') };
}

/** The first video stream's size and frame rate, as a hub probing the URI would see them. */
function probe(url: string): Promise<{ width: number; height: number; fps: number }> {
  const withCreds = withAdminCredentials(url);
  return new Promise((resolve, reject) =>
    execFile(
      ffprobePath(),
      ['-v', 'error', '-rtsp_transport', 'tcp', '-select_streams', 'v:0', '-show_streams', '-of', 'json', withCreds],
      { timeout: 30_000 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`${err.message}\n${stderr}`));
        const v = (JSON.parse(stdout) as { streams: Array<{ width: number; height: number; r_frame_rate: string }> })
          .streams[0]!;
        const [num, den] = v.r_frame_rate.split('/').map(Number) as [number, number];
        resolve({ width: v.width, height: v.height, fps: num / den });
      },
    ),
  );
}

/**
 * ONVIF Real Time Streaming (Media and Media2) Device Test Specifications (v21.12): the H.264
 * unicast cases, streamed by the simulator's RTSP server and decoded by ffmpeg.
 */
describe.skipIf(!available)('ONVIF Real Time Streaming Device Test Specifications (H.264 unicast)', () => {
  const fx = new StreamingFixture('rtss-1', '127.12.49.1');
  const { log, camera, dut } = fx;

  beforeAll(() => fx.start(), 180_000);
  afterAll(() => fx.close());

  const mediaUri = async (protocol: string) =>
    textAt(
      await dut.ok(
        'media',
        'GetStreamUri',
        `<trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>${protocol}</tt:Protocol></tt:Transport></trt:StreamSetup><trt:ProfileToken>Profile_main</trt:ProfileToken>`,
      ),
      'MediaUri',
      'Uri',
    )!;
  const media2Uri = async (protocol: string, profile = 'Profile_main') =>
    textAt(
      await dut.ok(
        'media2',
        'GetStreamUri',
        `<tr2:Protocol>${protocol}</tr2:Protocol><tr2:ProfileToken>${profile}</tr2:ProfileToken>`,
      ),
      'Uri',
    )!;

  // One stream per case, decoded side by side: each waits for a key frame, so running them together saves seconds.
  it('RTSS-1-1-41 MEDIA STREAMING – H.264 (RTP-Unicast/UDP) / RTSS-1-1-43 MEDIA STREAMING – H.264 (RTP/RTSP/TCP) / MEDIA2_RTSS-1-1-1 MEDIA2 STREAMING – H.264 (RTP-Unicast/UDP) / MEDIA2_RTSS-1-1-3 MEDIA2 STREAMING – H.264 (RTP/RTSP/TCP)', async () => {
    const frames = await Promise.all([
      decode(await mediaUri('UDP'), 'udp'),
      decode(await mediaUri('RTSP'), 'tcp'),
      decode(await media2Uri('RtspUnicast'), 'udp'),
      decode(await media2Uri('RTSP'), 'tcp'),
    ]);
    expect(Math.min(...frames)).toBeGreaterThanOrEqual(5);
  }, 60_000);

  it('RTSS-1-1-27 GUARANTEED NUMBER OF VIDEO ENCODER INSTANCES (RTP-Unicast/UDP) / RTSS-1-1-29 (RTP/RTSP/TCP) / RTSS-1-1-30 (MIX OF TRANSPORT TYPES) / RTSS-1-1-49 / RTSS-1-1-51 / RTSS-1-1-52 (ALL VIDEO SOURCE CONFIGURATIONS)', async () => {
    const vscs = children(await dut.ok('media', 'GetVideoSourceConfigurations'), 'Configurations');
    expect(vscs.length).toBe(1);
    const total = Number(
      textAt(
        await dut.ok(
          'media',
          'GetGuaranteedNumberOfVideoEncoderInstances',
          `<trt:ConfigurationToken>${attr(vscs[0], 'token')}</trt:ConfigurationToken>`,
        ),
        'TotalNumber',
      ),
    );
    const profiles = children(await dut.ok('media', 'GetProfiles'), 'Profiles').filter(
      (p) => child(p, 'VideoSourceConfiguration') !== undefined && child(p, 'VideoEncoderConfiguration') !== undefined,
    );
    expect(profiles.length).toBeGreaterThanOrEqual(total);
    const uri = async (token: string, protocol: string) =>
      textAt(
        await dut.ok(
          'media',
          'GetStreamUri',
          `<trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>${protocol}</tt:Protocol></tt:Transport></trt:StreamSetup><trt:ProfileToken>${token}</trt:ProfileToken>`,
        ),
        'MediaUri',
        'Uri',
      )!;
    // All guaranteed instances at once: over UDP, over RTSP/TCP, then alternating.
    for (const pick of [() => 'udp', () => 'tcp', (i: number) => (i % 2 === 0 ? 'udp' : 'tcp')] as const) {
      const frames = await Promise.all(
        profiles.slice(0, total).map(async (p, i) => {
          const transport = pick(i) as 'udp' | 'tcp';
          return decode(await uri(attr(p, 'token')!, transport === 'udp' ? 'UDP' : 'RTSP'), transport);
        }),
      );
      expect(frames.every((n) => n >= 5)).toBe(true);
    }
  }, 90_000);

  it('RTSS-1-1-48 VIDEO ENCODER CONFIGURATION – H.264 RESOLUTION: the stream follows SetVideoEncoderConfiguration', async () => {
    const token = 'VideoEncoder_sub';
    const before = child(
      await dut.ok(
        'media',
        'GetVideoEncoderConfiguration',
        `<trt:ConfigurationToken>${token}</trt:ConfigurationToken>`,
      ),
      'Configuration',
    )!;
    const options = child(
      await dut.ok(
        'media',
        'GetVideoEncoderConfigurationOptions',
        `<trt:ConfigurationToken>${token}</trt:ConfigurationToken>`,
      ),
      'Options',
    )!;
    const resolutions = children(child(options, 'H264'), 'ResolutionsAvailable').map((r) => ({
      width: Number(textAt(r, 'Width')),
      height: Number(textAt(r, 'Height')),
    }));
    const set = (r: { width: number; height: number }, fps: number): string =>
      `<trt:Configuration token="${token}"><tt:Name>SubStream</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>H264</tt:Encoding><tt:Resolution><tt:Width>${r.width}</tt:Width><tt:Height>${r.height}</tt:Height></tt:Resolution><tt:Quality>5</tt:Quality><tt:RateControl><tt:FrameRateLimit>${fps}</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>256</tt:BitrateLimit></tt:RateControl><tt:H264><tt:GovLength>20</tt:GovLength><tt:H264Profile>Baseline</tt:H264Profile></tt:H264><tt:SessionTimeout>PT60S</tt:SessionTimeout></trt:Configuration><trt:ForcePersistence>false</trt:ForcePersistence>`;
    const subUri = textAt(
      await dut.ok(
        'media',
        'GetStreamUri',
        '<trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trt:StreamSetup><trt:ProfileToken>Profile_sub</trt:ProfileToken>',
      ),
      'MediaUri',
      'Uri',
    )!;
    const original = {
      width: Number(textAt(before, 'Resolution', 'Width')),
      height: Number(textAt(before, 'Resolution', 'Height')),
    };
    // The smallest offered size that differs from today's keeps the clip generation short.
    const target = [...resolutions]
      .sort((a, b) => a.width * a.height - b.width * b.height)
      .find((r) => r.width !== original.width || r.height !== original.height)!;
    expect(target).toBeDefined();
    // A client playing the profile when it is reconfigured sees its session end (encoder restart).
    // Earlier cases played this profile too: wait for this player's own PLAY.
    const subPlays = (): number =>
      log.ofKind('rtsp.session.play').filter((o) => o.camera === camera.id && o.profile === 'sub').length;
    const playsBefore = subPlays();
    const playing = keepPlaying(subUri);
    try {
      await expect.poll(subPlays, { timeout: 20_000, interval: 100 }).toBeGreaterThan(playsBefore);
      await dut.ok('media', 'SetVideoEncoderConfiguration', set(target, 10));
      await expect
        .poll(
          () =>
            log.ofKind('rtsp.session.close').filter((o) => o.camera === camera.id && o.reason === 'encoder-changed')
              .length,
          { timeout: 120_000, interval: 200 },
        )
        .toBeGreaterThan(0);
      // The connection closed with the session: the player sees the stream end, as from a real camera.
      await playing.ended;
    } finally {
      playing.stop();
    }
    expect(await probe(subUri)).toEqual({ ...target, fps: 10 });
    // Back to the original settings: the stream follows again.
    await dut.ok(
      'media',
      'SetVideoEncoderConfiguration',
      set(original, Number(textAt(before, 'RateControl', 'FrameRateLimit'))),
    );
    await expect
      .poll(
        async () => {
          const p = await probe(subUri);
          return { width: p.width, height: p.height };
        },
        { timeout: 120_000, interval: 500 },
      )
      .toEqual(original);
  }, 300_000);

  it('MEDIA2_RTSS-1-1-23 VIDEO ENCODER INSTANCES / MEDIA2_RTSS-1-1-24 VIDEO ENCODER INSTANCES - H.264', async () => {
    const caps = child(await dut.ok('media2', 'GetServiceCapabilities'), 'Capabilities');
    const max = Number(attr(child(caps, 'ProfileCapabilities'), 'MaximumNumberOfProfiles'));
    const profiles = children(await dut.ok('media2', 'GetProfiles', '<tr2:Type>All</tr2:Type>'), 'Profiles');
    const info = child(
      await dut.ok(
        'media2',
        'GetVideoEncoderInstances',
        '<tr2:ConfigurationToken>VideoSourceConfig_1</tr2:ConfigurationToken>',
      ),
      'Info',
    )!;
    const total = Number(textAt(info, 'Total'));
    const h264 = Number(
      textAt(
        children(info, 'Codec').find((c) => textAt(c, 'Encoding') === 'H264'),
        'Number',
      ),
    );
    const encoders = children(await dut.ok('media2', 'GetVideoEncoderConfigurations'), 'Configurations');
    const fixed = profiles.filter((p) => attr(p, 'fixed') === 'true').length;
    expect(total).toBeLessThanOrEqual(max - fixed);
    expect(total).toBeLessThanOrEqual(encoders.length);
    expect(h264).toBe(total);
    // Empty the fixed profiles, then build `total` profiles from scratch, one per encoder, and play them all.
    for (const p of profiles)
      await dut.ok(
        'media2',
        'RemoveConfiguration',
        `<tr2:ProfileToken>${attr(p, 'token')}</tr2:ProfileToken><tr2:Configuration><tr2:Type>All</tr2:Type></tr2:Configuration>`,
      );
    const made: string[] = [];
    for (const e of encoders.slice(0, total)) {
      const cfg = `<tr2:Configuration><tr2:Type>VideoSource</tr2:Type><tr2:Token>VideoSourceConfig_1</tr2:Token></tr2:Configuration><tr2:Configuration><tr2:Type>VideoEncoder</tr2:Type><tr2:Token>${attr(e, 'token')}</tr2:Token></tr2:Configuration>`;
      made.push(textAt(await dut.ok('media2', 'CreateProfile', `<tr2:Name>instance</tr2:Name>${cfg}`), 'Token')!);
    }
    const frames = await Promise.all(made.map(async (t) => decode(await media2Uri('RtspUnicast', t), 'udp')));
    expect(frames.every((n) => n >= 5)).toBe(true);
    // Restore.
    for (const t of made) await dut.ok('media2', 'DeleteProfile', `<tr2:Token>${t}</tr2:Token>`);
    for (const p of profiles) {
      const c = child(p, 'Configurations');
      const back = ['VideoSource', 'VideoEncoder', 'PTZ'].map((type) =>
        child(c, type) === undefined
          ? ''
          : `<tr2:Configuration><tr2:Type>${type}</tr2:Type><tr2:Token>${attr(child(c, type), 'token')}</tr2:Token></tr2:Configuration>`,
      );
      await dut.ok(
        'media2',
        'AddConfiguration',
        `<tr2:ProfileToken>${attr(p, 'token')}</tr2:ProfileToken>${back.join('')}`,
      );
    }
  }, 90_000);
});
