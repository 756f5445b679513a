import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ffmpegAvailable, ffmpegPath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { joinAnnexB } from '../../../media/h264/annexb.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { child, textAt } from '../../wire/xml-element.ts';
import { ADMIN } from './onvif-fixture.ts';
import { StreamingFixture } from './streaming-fixture.ts';
import { schemaFailures } from './testspec-client.ts';
import { wsdlAvailable, xmllintAvailable } from './onvif-wsdl-fixture.ts';
import { type ReceivedAccessUnit, UdpRtspPlayer, nalTypes } from './udp-rtsp-player.ts';

const available = await ffmpegAvailable();
const haveXmllint = await xmllintAvailable();
if (!wsdlAvailable || !haveXmllint)
  console.warn(
    `streaming-control-testspec.test: ${wsdlAvailable ? 'xmllint' : '../shared/onvif-wsdl'} is absent, skipping the schema check`,
  );
if (!available)
  console.warn('streaming-control-testspec.test: ffmpeg does not run here (clips and decoding need it), skipping');

/** Decodes H.264 access units (Annex B on stdin) as the test tool renders them; resolves to the frames decoded and ffmpeg's complaints. */
function decodeUnits(units: readonly ReceivedAccessUnit[]): Promise<{ frames: number; errors: string }> {
  return new Promise((resolve, reject) => {
    const p = execFile(
      ffmpegPath(),
      ['-v', 'error', '-stats', '-f', 'h264', '-i', 'pipe:0', '-f', 'null', '-'],
      { timeout: 30_000 },
      (err, _stdout, stderr) => {
        if (err) return reject(new Error(`${err.message}\n${stderr}`));
        const frames = [...stderr.matchAll(/frame=\s*(\d+)/g)].map((m) => Number(m[1]));
        resolve({
          frames: frames.at(-1) ?? 0,
          errors: stderr
            .split(/[\r\n]/)
            .filter((l) => l.trim() !== '' && !l.includes('frame='))
            .join('\n'),
        });
      },
    );
    p.stdin!.end(joinAnnexB(units.flatMap((u) => u.nals)));
  });
}

const isIdr = (u: ReceivedAccessUnit): boolean => nalTypes(u).includes(5);

/**
 * Real Time Streaming cases about stream control over RTP-Unicast/UDP: SET SYNCHRONIZATION POINT
 * (RTSS-1-1-44, MEDIA2_RTSS-1-1-4) and the RTSP keep-alives. The RTSP side runs on a virtual
 * clock, so each frame goes out when the test says: "the I-frame comes before the regular
 * I-frame interval" becomes "the very next access unit is an IDR", and minutes of keep-alive
 * take milliseconds.
 */
describe.skipIf(!available)(
  'Real Time Streaming: synchronization point and keep-alive (H.264, RTP-Unicast/UDP)',
  () => {
    // A frame slot boundary of the sub stream (25 fps), near wall time so nothing looks stale.
    const clock = new VirtualClock(Math.ceil(Date.now() / 40) * 40);
    const fx = new StreamingFixture('sync-rtss-1', '127.12.52.1', clock);
    const { log, rtsp, camera, dut } = fx;
    const players: UdpRtspPlayer[] = [];
    const frameMs = 1000 / camera.profile('sub')!.fps;
    const gopFrames = camera.profile('sub')!.gopFrames;

    beforeAll(() => fx.start(), 180_000);

    afterAll(async () => {
      for (const p of players) p.close();
      await fx.close();
    });

    /** Frames the server had sent before each player's PLAY (one player streams at a time). */
    const sentBefore = new Map<UdpRtspPlayer, number>();

    /** Moves the camera's clock on (one frame slot by default); waits until every unit the server sent this player has arrived. */
    async function nextFrame(player: UdpRtspPlayer, ms = frameMs): Promise<void> {
      clock.advance(ms);
      const sent = rtsp.stats().framesSent - sentBefore.get(player)!;
      await vi.waitFor(() => expect(player.units.length + player.brokenUnits).toBe(sent), { interval: 1 });
    }

    /** DESCRIBE, SETUP (RTP/UDP), PLAY with the checks the cases make; then frames until the first key frame and an RTCP sender report. */
    async function play(streamUri: string): Promise<UdpRtspPlayer> {
      const player = await UdpRtspPlayer.connect(streamUri, ADMIN.username, ADMIN.password);
      players.push(player);
      const describe = await player.request('DESCRIBE', streamUri, [['Accept', 'application/sdp']]);
      expect(describe.status).toBe(200);
      const sdp = describe.body.toString('utf8');
      expect(sdp).toMatch(/^m=video 0 RTP\/AVP 96/m);
      expect(sdp).toContain('a=rtpmap:96 H264/90000');
      const base = describe.headers.get('content-base') ?? `${streamUri}/`;
      const control = [...sdp.matchAll(/^a=control:(.+?)\r?$/gm)].at(-1)![1]!;
      const setup = await player.setup(`${base.endsWith('/') ? base : `${base}/`}${control}`);
      expect(setup.status).toBe(200);
      expect(setup.headers.get('transport')).toMatch(/^RTP\/AVP;unicast;client_port=\d+-\d+;server_port=\d+-\d+/);
      expect(setup.headers.get('session')).toMatch(/^[^;]+;timeout=\d+$/);
      sentBefore.set(player, rtsp.stats().framesSent);
      const playRes = await player.request('PLAY', streamUri, [['Range', 'npt=0.000-']]);
      expect(playRes.status).toBe(200);
      expect(playRes.headers.get('rtp-info')).toMatch(/url=.*;seq=\d+;rtptime=\d+/);
      // A session starts on a key frame: at most one GOP away.
      for (let i = 0; player.units.length === 0 && i <= gopFrames; i++) await nextFrame(player);
      expect(isIdr(player.units[0]!)).toBe(true);
      // Sender reports go out once a second at most; the first comes within a second of PLAY.
      for (let i = 0; player.senderReports === 0 && i <= 1000 / frameMs; i++) await nextFrame(player);
      expect(player.senderReports).toBeGreaterThan(0);
      return player;
    }

    async function synchronize(player: UdpRtspPlayer, call: () => Promise<unknown>): Promise<void> {
      // Mid-GOP: the last unit is not a key frame, and the regular one is frames away.
      while (isIdr(player.units.at(-1)!) || player.units.length < 3) await nextFrame(player);
      const before = player.units.length;
      await call();
      for (let i = 0; i < 5; i++) await nextFrame(player);
      const after = player.units.slice(before);
      // The very next access unit is an IDR with its SPS and PPS, long before the GOP's own.
      expect(nalTypes(after[0]!)).toEqual(expect.arrayContaining([5, 7, 8]));
      expect(after.slice(1).some(isIdr)).toBe(false);
      // RTP sequence numbers and time run on across the jump.
      const units = player.units.slice(before - 2);
      const seqs = units.flatMap((u) => u.seqs);
      expect(seqs.slice(1).every((s, i) => s === ((seqs[i]! + 1) & 0xffff))).toBe(true);
      expect(units.slice(1).every((u, i) => u.ts === (units[i]!.ts + 90_000 / camera.profile('sub')!.fps) >>> 0)).toBe(
        true,
      );
      // And a decoder that starts at the new IDR renders every frame from it.
      expect(player.brokenUnits).toBe(0);
      const decoded = await decodeUnits(after);
      expect(decoded.errors).toBe('');
      expect(decoded.frames).toBe(after.length);
    }

    it('RTSS-1-1-44 SET SYNCHRONIZATION POINT – H.264', async () => {
      // The encoder set to H.264 with values its options offer (today's, so the stream need not restart).
      const cfg = child(
        await dut.ok(
          'media',
          'GetVideoEncoderConfiguration',
          '<trt:ConfigurationToken>VideoEncoder_sub</trt:ConfigurationToken>',
        ),
        'Configuration',
      )!;
      const options = child(
        await dut.ok(
          'media',
          'GetVideoEncoderConfigurationOptions',
          '<trt:ConfigurationToken>VideoEncoder_sub</trt:ConfigurationToken>',
        ),
        'Options',
      )!;
      const [width, height] = [textAt(cfg, 'Resolution', 'Width')!, textAt(cfg, 'Resolution', 'Height')!];
      expect(textAt(child(options, 'H264'), 'ResolutionsAvailable', 'Width')).toBeDefined();
      await dut.ok(
        'media',
        'SetVideoEncoderConfiguration',
        `<trt:Configuration token="VideoEncoder_sub"><tt:Name>${textAt(cfg, 'Name')}</tt:Name><tt:UseCount>${textAt(cfg, 'UseCount')}</tt:UseCount><tt:Encoding>H264</tt:Encoding>` +
          `<tt:Resolution><tt:Width>${width}</tt:Width><tt:Height>${height}</tt:Height></tt:Resolution><tt:Quality>${textAt(cfg, 'Quality')}</tt:Quality>` +
          `<tt:RateControl><tt:FrameRateLimit>${textAt(cfg, 'RateControl', 'FrameRateLimit')}</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>${textAt(cfg, 'RateControl', 'BitrateLimit')}</tt:BitrateLimit></tt:RateControl>` +
          `<tt:H264><tt:GovLength>${textAt(cfg, 'H264', 'GovLength')}</tt:GovLength><tt:H264Profile>${textAt(cfg, 'H264', 'H264Profile')}</tt:H264Profile></tt:H264><tt:SessionTimeout>PT60S</tt:SessionTimeout></trt:Configuration><trt:ForcePersistence>false</trt:ForcePersistence>`,
      );
      const uri = child(
        await dut.ok(
          'media',
          'GetStreamUri',
          '<trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>UDP</tt:Protocol></tt:Transport></trt:StreamSetup><trt:ProfileToken>Profile_sub</trt:ProfileToken>',
        ),
        'MediaUri',
      )!;
      for (const field of ['Uri', 'InvalidAfterConnect', 'InvalidAfterReboot', 'Timeout'])
        expect(textAt(uri, field), field).toBeDefined();
      const player = await play(textAt(uri, 'Uri')!);
      await synchronize(player, () =>
        dut.ok('media', 'SetSynchronizationPoint', '<trt:ProfileToken>Profile_sub</trt:ProfileToken>'),
      );
      expect((await player.request('TEARDOWN', textAt(uri, 'Uri')!)).status).toBe(200);
    }, 60_000);

    it('MEDIA2_RTSS-1-1-4 MEDIA2 SET SYNCHRONIZATION POINT – H.264', async () => {
      const uri = textAt(
        await dut.ok(
          'media2',
          'GetStreamUri',
          '<tr2:Protocol>RtspUnicast</tr2:Protocol><tr2:ProfileToken>Profile_sub</tr2:ProfileToken>',
        ),
        'Uri',
      )!;
      const player = await play(uri);
      await synchronize(player, () =>
        dut.ok('media2', 'SetSynchronizationPoint', '<tr2:ProfileToken>Profile_sub</tr2:ProfileToken>'),
      );
      expect((await player.request('TEARDOWN', uri)).status).toBe(200);
    }, 60_000);

    it('SetSynchronizationPoint of an unknown profile is the NoProfile fault', async () => {
      expect(
        await dut.fault('media', 'SetSynchronizationPoint', '<trt:ProfileToken>NoSuchProfile</trt:ProfileToken>'),
      ).toBe('env:Sender ter:InvalidArgVal/ter:NoProfile');
      expect(
        await dut.fault('media2', 'SetSynchronizationPoint', '<tr2:ProfileToken>NoSuchProfile</tr2:ProfileToken>'),
      ).toBe('env:Sender ter:InvalidArgVal/ter:NoProfile');
    });

    const subUdpUri = async (): Promise<string> =>
      textAt(
        await dut.ok(
          'media',
          'GetStreamUri',
          '<trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>UDP</tt:Protocol></tt:Transport></trt:StreamSetup><trt:ProfileToken>Profile_sub</trt:ProfileToken>',
        ),
        'MediaUri',
        'Uri',
      )!;
    const timeouts = (): number =>
      log.ofKind('rtsp.session.close').filter((o) => o.camera === camera.id && o.reason === 'timeout').length;

    /**
     * The RTSS-1-1-32 / 33 steps on the camera's H.264 stream (those cases want a JPEG encoder,
     * which the cameras do not have): keep-alives at half the SETUP timeout, for twice the
     * timeout, while the stream is delivered; the session lives on and keeps streaming.
     */
    it.each([
      ['SET_PARAMETER', 'SET_PARAMETER'],
      ['OPTIONS', 'OPTIONS'],
    ])(
      'RTSP keep-alive with %s keeps a streaming session past its timeout',
      async (_name, method) => {
        const uri = await subUdpUri();
        const player = await play(uri);
        const timeoutS = Number(
          /timeout=(\d+)/.exec((await player.request('GET_PARAMETER', uri)).headers.get('session') ?? '')![1],
        );
        const before = timeouts();
        // A second at a time, so the stream flows as it would (no burst of frames to overflow a socket).
        for (let elapsedS = 1; elapsedS <= 2 * timeoutS; elapsedS++) {
          await nextFrame(player, 1000);
          if (elapsedS % (timeoutS / 2) !== 0) continue;
          const res = await player.request(method, uri);
          expect(res.status, `${method} after ${elapsedS} s`).toBe(200);
          expect(res.headers.get('session')).toMatch(new RegExp(`^${player.session};`));
        }
        expect(timeouts()).toBe(before);
        expect(player.brokenUnits).toBe(0);
        expect((await player.request('TEARDOWN', uri)).status).toBe(200);
      },
      60_000,
    );

    it('a streaming session without keep-alives ends after its timeout', async () => {
      const uri = await subUdpUri();
      const player = await play(uri);
      const before = timeouts();
      for (let elapsedS = 1; elapsedS <= 58; elapsedS++) await nextFrame(player, 1000);
      expect(timeouts()).toBe(before);
      // Past 60 s without a word from the client (no RTCP either), the camera reaps the session.
      clock.advance(3000);
      expect(timeouts()).toBe(before + 1);
      expect((await player.request('SET_PARAMETER', uri)).status).toBe(454);
    }, 60_000);

    it.skipIf(!wsdlAvailable || !haveXmllint)(
      'the answers above validate against onvif.xsd and the service schemas (xmllint)',
      async () => {
        expect(dut.responses.map((r) => r.name)).toEqual(
          expect.arrayContaining(['media.SetSynchronizationPoint', 'media2.SetSynchronizationPoint']),
        );
        expect(await schemaFailures(dut.responses)).toEqual([]);
      },
    );
  },
);
