import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { AuthMethod, RtspSessionCloseReason, StreamProfileName } from '../observations/observation.ts';
import type { Camera } from '../camera/camera.ts';
import type { Clock } from '../clock/clock.ts';
import type { CameraAuth } from './camera-auth.ts';
import { CameraFeed } from './camera-feed.ts';
import type { RtspLimits } from './rtsp-limits.ts';
import type { RtspRequest, RtspResponse, InterleavedFrame } from './rtsp-message.ts';
import { parseRtspInbound } from './rtsp-parser.ts';
import { encodeRtspResponse } from './rtsp-encoder.ts';
import { errorToResponse } from './error-response.ts';
import { RtspError } from './rtsp-error.ts';
import { ParseError } from '../../media/errors/parse-error.ts';
import { chooseTransport, parseTransportHeader } from './rtsp-transport-header.ts';
import type { SessionLimits, SessionTransport } from './rtsp-session.ts';
import { RtspSession } from './rtsp-session.ts';
import { resolveStreamPath, trackUrlOf } from './stream-path.ts';
import { buildAudioOnlySdp, buildSdp, withoutParameterSets } from './sdp.ts';
import { SilentAudioSession } from './silent-audio-session.ts';
import { rtpStart } from './rtp-start.ts';
import { bindUdpPortPair } from './udp-port-pair.ts';
import type { RecordedTrack, RecordingLibrary } from '../recording/recorded-track.ts';
import type { StreamProfileSpec } from '../camera/camera-model.ts';
import type { ClipStream } from './clip-stream.ts';
import { type ReplayTarget, resolveReplayPath } from './replay-path.ts';
import { ReplaySession } from './replay-session.ts';
import {
  ONVIF_REPLAY_TAG,
  formatClockTime,
  parseFramesHeader,
  parseRangeHeader,
  parseRequireHeader,
  parseScaleHeader,
  parseYesNoHeader,
} from './replay-headers.ts';

const SERVED_METHODS = new Set([
  'OPTIONS',
  'DESCRIBE',
  'SETUP',
  'PLAY',
  'PAUSE',
  'TEARDOWN',
  'GET_PARAMETER',
  'SET_PARAMETER',
]);
const PUBLIC_METHODS = [...SERVED_METHODS].join(', ');
/** Methods of RFC 2326 a camera does not serve: 405 with Allow, not 501. */
const KNOWN_UNSUPPORTED = new Set(['ANNOUNCE', 'RECORD', 'REDIRECT']);
const CSEQ = /^\d{1,10}$/;

interface RequestContext {
  method: AuthMethod;
  user: string | undefined;
  session: string | undefined;
  profile?: StreamProfileName;
}

/** What a connection needs of the camera it belongs to (a CameraEndpoint). */
export interface ConnectionHost {
  readonly camera: Camera;
  readonly clock: Clock;
  readonly auth: CameraAuth;
  readonly limits: RtspLimits;
  readonly sessionLimits: SessionLimits;
  readonly sessionTimeoutMs: number;
  readonly replaySessionTimeoutMs: number;
  readonly maxBufferedBytes: number;
  readonly sdpSessionId: number;
  /** The recordings this device replays at replayPath(token), if it records. */
  readonly recordings: RecordingLibrary | undefined;
  /** The shared stream of a profile's settings (a replay plays its recorded profile's clip). */
  streamFor(profile: StreamProfileSpec): Promise<ClipStream>;
  /** When the camera last came up: RTP time counts from here on cameras with the rtp-from-boot quirk. */
  readonly bootedAtMs: number;
  /** DESCRIBEs answered since the camera came up, for the quirk that fails the first ones. */
  describesSinceBoot: number;
  /** Every live session of the camera by id, whichever connection set it up. */
  readonly sessions: ReadonlyMap<string, RtspSession>;
  feed(profile: StreamProfileName): CameraFeed;
  connectionClosed(c: RtspConnection): void;
  recordRequest(client: string, method: string, url: string, status: number, ctx: RequestContext): void;
  sessionOpened(s: RtspSession): void;
  recordPlay(s: RtspSession): void;
  sessionClosed(s: RtspSession, reason: RtspSessionCloseReason): void;
}

/**
 * One client TCP connection to a camera: frames RTSP requests and interleaved RTCP, answers them
 * in order, and owns the TCP-interleaved sessions it set up (they end when it closes).
 */
export class RtspConnection {
  readonly client: string;
  /** Interleaved data on channels no session of this connection uses (ignored, counted). */
  strayInterleavedFrames = 0;
  private readonly sessions = new Set<RtspSession>();
  private buffered: Buffer | undefined;
  private busy = false;
  private closed = false;
  private nextChannel = 0;

  constructor(
    private readonly socket: Socket,
    private readonly endpoint: ConnectionHost,
  ) {
    this.client = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => this.onClosed());
  }

  /** Destroys the socket; its TCP sessions close with `reason` via onClosed. */
  close(): void {
    this.socket.destroy();
  }

  /**
   * Ends this connection's sessions of one profile; a connection left with no session after
   * ending an interleaved one is closed too, so the client sees the stream end at once.
   */
  endSessionsOf(profile: StreamProfileName, reason: RtspSessionCloseReason): void {
    let endedTcp = false;
    for (const s of [...this.sessions]) {
      if (s.profile !== profile || s.isReplay) continue;
      endedTcp ||= s.transport.kind === 'tcp';
      s.close(reason);
    }
    if (endedTcp && this.sessions.size === 0) this.close();
  }

  private onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.buffered = undefined;
    for (const s of [...this.sessions]) if (s.transport.kind === 'tcp') s.close('client-closed');
    this.endpoint.connectionClosed(this);
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered === undefined ? chunk : Buffer.concat([this.buffered, chunk]);
    if (this.buffered.length > this.endpoint.maxBufferedBytes) {
      // A client that floods while a request is in progress gets cut off, keeping memory bounded.
      this.socket.destroy();
      return;
    }
    if (!this.busy) void this.pump();
  }

  private async pump(): Promise<void> {
    this.busy = true;
    try {
      while (this.buffered !== undefined && !this.closed) {
        let inbound;
        try {
          inbound = parseRtspInbound(this.buffered, this.endpoint.limits);
        } catch (err) {
          if (!(err instanceof ParseError)) throw err;
          // The framing is lost: answer 400 and hang up, as there is no way to find the next request.
          this.buffered = undefined;
          this.endpoint.recordRequest(this.client, 'INVALID', '', 400, {
            method: 'none',
            user: undefined,
            session: undefined,
          });
          this.socket.end(encodeRtspResponse(errorToResponse(err, undefined)));
          return;
        }
        if (inbound === undefined) return;
        this.buffered =
          inbound.consumedBytes === this.buffered.length ? undefined : this.buffered.subarray(inbound.consumedBytes);
        if (inbound.kind === 'interleaved') this.onInterleaved(inbound.frame);
        else await this.answer(inbound.request);
      }
    } catch (err) {
      console.error(`rtsp: connection from ${this.client} to ${this.endpoint.camera.id} failed:`, err);
      this.socket.destroy();
    } finally {
      this.busy = false;
    }
  }

  private onInterleaved(frame: InterleavedFrame): void {
    for (const s of this.sessions) {
      if (s.transport.kind === 'tcp' && frame.channel === s.transport.rtpChannel + 1) {
        s.onRtcp(frame.payload);
        return;
      }
    }
    this.strayInterleavedFrames++;
  }

  private async answer(req: RtspRequest): Promise<void> {
    const cseq = req.headers.get('cseq');
    const validCseq = cseq !== undefined && CSEQ.test(cseq) ? cseq : undefined;
    const ctx: RequestContext = { method: 'none', user: undefined, session: undefined };
    let res: RtspResponse;
    try {
      if (validCseq === undefined)
        throw new RtspError(400, cseq === undefined ? 'CSeq missing' : 'CSeq is not a number');
      if (req.version !== 'RTSP/1.0') throw new RtspError(505, `${req.version} not supported`);
      res = await this.dispatch(req, ctx);
      res.headers.unshift(['CSeq', validCseq]);
    } catch (err) {
      if (!(err instanceof RtspError) && !(err instanceof ParseError))
        console.error(`rtsp: ${req.method} from ${this.client} failed:`, err);
      res = errorToResponse(err, validCseq);
    }
    res.headers.push(['Server', 'camlab-rtsp']);
    if (!this.closed) this.socket.write(encodeRtspResponse(res));
    this.endpoint.recordRequest(this.client, req.method, req.uri, res.status, ctx);
  }

  private async dispatch(req: RtspRequest, ctx: RequestContext): Promise<RtspResponse> {
    const method = req.method;
    const sessionId = sessionIdOf(req.headers.get('session'));
    if (method === 'OPTIONS') {
      // Clients (ONVIF RTSS-1-1-33, live555, many VMSs) send OPTIONS with their Session as the
      // keep-alive. OPTIONS needs no login, so knowing the random session id is what counts.
      const keptAlive = sessionId === undefined ? undefined : this.endpoint.sessions.get(sessionId);
      keptAlive?.touch(this.endpoint.clock.now());
      return {
        status: 200,
        headers:
          keptAlive === undefined
            ? [['Public', PUBLIC_METHODS]]
            : [
                ['Public', PUBLIC_METHODS],
                ['Session', this.sessionHeader(keptAlive)],
              ],
      };
    }
    if (KNOWN_UNSUPPORTED.has(method))
      throw new RtspError(405, `${method} is not supported`, [['Allow', PUBLIC_METHODS]]);
    if (!SERVED_METHODS.has(method)) throw new RtspError(501, `unknown method ${method}`);
    const nowMs = this.endpoint.clock.now();
    ctx.session = sessionId;
    const outcome = this.endpoint.auth.authenticate(req, nowMs, ctx);
    if (outcome.stale) {
      // Right credentials on an expired nonce still prove the client alive.
      if (sessionId !== undefined) this.endpoint.sessions.get(sessionId)?.touch(nowMs);
      throw this.endpoint.auth.unauthorized(nowMs, true, 'nonce expired');
    }
    ctx.user = outcome.user;
    const session = sessionId === undefined ? undefined : this.endpoint.sessions.get(sessionId);
    if (sessionId !== undefined && session === undefined)
      throw new RtspError(454, `no session ${sessionId.slice(0, 64)}`);
    session?.touch(nowMs);
    const replay = resolveReplayPath(req.uri);
    if (replay !== undefined) {
      const answered = await this.dispatchReplay(req, replay, session, outcome.user, ctx, nowMs);
      if (answered !== undefined) return answered;
    } else if (session?.isReplay === true && (method === 'PLAY' || method === 'PAUSE')) {
      throw new RtspError(459, `session ${session.id} replays a recording, not ${req.uri.slice(0, 128)}`);
    }
    const quirks = this.endpoint.camera.quirks;
    const quirk = quirks.bendsRtsp
      ? quirks.rtspRequest({ method, uri: req.uri, sessionCount: this.endpoint.sessions.size, nowMs })
      : undefined;
    if (quirk !== undefined) throw new RtspError(quirk.status, quirk.reason);
    switch (method) {
      case 'DESCRIBE':
        return this.describe(req, ctx);
      case 'SETUP':
        return this.setup(req, session, outcome.user, ctx);
      case 'PLAY': {
        const s = this.require(session);
        const target = resolveStreamPath(this.endpoint.camera, req.uri);
        ctx.profile = target.profile;
        if (target.profile !== s.profile)
          throw new RtspError(459, `session ${s.id} streams ${s.profile}, not ${target.profile}`);
        const range = req.headers.get('range');
        if (range !== undefined && !/^npt\s*=/i.test(range))
          throw new RtspError(457, `only npt ranges are served, got ${range.slice(0, 64)}`);
        const wasPlaying = s.state === 'playing';
        s.play();
        if (!wasPlaying) this.endpoint.recordPlay(s);
        const info = s.rtpInfo(nowMs);
        return {
          status: 200,
          headers: [
            ['Session', this.sessionHeader(s)],
            ['Range', 'npt=0.000-'],
            ['RTP-Info', `url=${trackUrlOf(req.uri, target)};seq=${info.seq};rtptime=${info.rtptime}`],
          ],
        };
      }
      case 'PAUSE': {
        const s = this.require(session);
        s.pause();
        return { status: 200, headers: [['Session', this.sessionHeader(s)]] };
      }
      case 'TEARDOWN': {
        const s = this.require(session);
        s.close('teardown');
        return { status: 200, headers: [['Session', s.id]] };
      }
      default:
        // GET_PARAMETER and SET_PARAMETER: keep-alives (RFC 2326 §10.8); the session was touched above.
        return { status: 200, headers: session === undefined ? [] : [['Session', this.sessionHeader(session)]] };
    }
  }

  /**
   * DESCRIBE, SETUP, PLAY and PAUSE of a replay URL (ONVIF Streaming Specification, "Playback");
   * undefined for the methods a replay session answers like a live one (TEARDOWN, keep-alives).
   * A client that does not send `Require: onvif-replay` (ffmpeg, VLC) is served too, as plain
   * RFC 2326 playback: the tag lets a client insist on the ONVIF extensions, it does not switch
   * them on, and the 0xABAC extension is legal RTP that other clients skip (RFC 3550 §5.3.1).
   */
  private async dispatchReplay(
    req: RtspRequest,
    target: ReplayTarget,
    session: RtspSession | undefined,
    user: string | undefined,
    ctx: RequestContext,
    nowMs: number,
  ): Promise<RtspResponse | undefined> {
    const require = req.headers.get('require');
    if (require !== undefined) {
      const unsupported = parseRequireHeader(require).filter((t) => t !== ONVIF_REPLAY_TAG);
      if (unsupported.length > 0)
        throw new RtspError(551, `option not supported: ${unsupported.join(', ')}`, [
          ['Unsupported', unsupported.join(', ')],
        ]);
    }
    const track = this.endpoint.recordings?.track(target.recordingToken);
    if (track === undefined) throw new RtspError(404, `no recording ${target.recordingToken.slice(0, 64)}`);
    ctx.profile = track.profile.name;
    switch (req.method) {
      case 'DESCRIBE':
        return this.describeReplay(req, track, nowMs);
      case 'SETUP':
        return this.setup(req, session, user, ctx, track);
      case 'PLAY': {
        const s = this.requireReplay(session, track);
        const h = req.headers;
        const range = h.get('range');
        const scale = h.get('scale');
        const rateControl = h.get('rate-control');
        const frames = h.get('frames');
        const immediate = h.get('immediate');
        const wasPlaying = s.state === 'playing';
        const answer = s.playRequest(
          {
            range: range === undefined ? undefined : parseRangeHeader(range),
            scale: scale === undefined ? undefined : parseScaleHeader(scale),
            rateControl: rateControl === undefined ? undefined : parseYesNoHeader('Rate-Control', rateControl),
            frames: frames === undefined ? undefined : parseFramesHeader(frames),
            immediate: immediate !== undefined && parseYesNoHeader('Immediate', immediate),
            cseq: Number(h.get('cseq')),
          },
          nowMs,
        );
        if (!wasPlaying) this.endpoint.recordPlay(s);
        const headers: [string, string][] = [
          ['Session', this.sessionHeader(s)],
          ['Range', answer.range],
          [
            'RTP-Info',
            `url=${trackUrlOf(req.uri, { profile: track.profile.name, track: target.track })};seq=${answer.seq};rtptime=${answer.rtptime}`,
          ],
        ];
        if (scale !== undefined) headers.push(['Scale', scale.trim()]);
        if (rateControl !== undefined) headers.push(['Rate-Control', rateControl.trim().toLowerCase()]);
        return { status: 200, headers };
      }
      case 'PAUSE': {
        const s = this.requireReplay(session, track);
        const range = req.headers.get('range');
        s.pauseRequest(range === undefined ? undefined : parseRangeHeader(range));
        return { status: 200, headers: [['Session', this.sessionHeader(s)]] };
      }
      default:
        return undefined;
    }
  }

  private requireReplay(session: RtspSession | undefined, track: RecordedTrack): ReplaySession {
    const s = this.require(session);
    if (!(s instanceof ReplaySession) || s.track.recordingToken !== track.recordingToken)
      throw new RtspError(459, `session ${s.id} does not replay recording ${track.recordingToken.slice(0, 64)}`);
    return s;
  }

  private async describeReplay(req: RtspRequest, track: RecordedTrack, nowMs: number): Promise<RtspResponse> {
    const stream = await this.endpoint.streamFor(track.profile);
    const clip = stream.clip;
    const camera = this.endpoint.camera;
    const spans = track.spans(Number.MIN_SAFE_INTEGER, nowMs);
    const first = spans[0];
    const last = spans[spans.length - 1];
    const sdp = buildSdp({
      sessionId: String(this.endpoint.sdpSessionId),
      address: camera.network.address,
      name: `${camera.name} recording ${track.recordingToken}`,
      payloadType: clip.payloadType,
      rtpmap: clip.rtpmap,
      fmtp: camera.streamQuirks.sdpParameterSets ? clip.fmtp : withoutParameterSets(clip.fmtp),
      fps: clip.spec.fps,
      width: clip.spec.width,
      height: clip.spec.height,
      range:
        first === undefined || last === undefined
          ? 'clock=-'
          : `clock=${formatClockTime(first.startMs)}-${formatClockTime(last.endMs)}`,
      // ONVIF Streaming "RTSP describe": the track reference maps the SDP track to the recording's track.
      mediaAttributes: [`x-onvif-track:${track.trackToken}`],
    });
    const base = req.uri.endsWith('/') ? req.uri : `${req.uri}/`;
    return {
      status: 200,
      headers: [
        ['Content-Base', base],
        ['Content-Type', 'application/sdp'],
      ],
      body: sdp,
    };
  }

  private require(session: RtspSession | undefined): RtspSession {
    if (session === undefined) throw new RtspError(454, 'Session header required');
    return session;
  }

  private sessionHeader(s: RtspSession): string {
    return `${s.id};timeout=${Math.round(s.timeoutMs / 1000)}`;
  }

  private describe(req: RtspRequest, ctx: RequestContext): RtspResponse {
    const target = resolveStreamPath(this.endpoint.camera, req.uri);
    ctx.profile = target.profile;
    const feed = this.endpoint.feed(target.profile);
    const clip = feed.stream.clip;
    const camera = this.endpoint.camera;
    const quirks = camera.streamQuirks;
    // Cameras whose encoder is not ready after boot answer their first DESCRIBEs with an error.
    if (this.endpoint.describesSinceBoot++ < quirks.failDescribes)
      throw new RtspError(
        quirks.failDescribeStatus,
        `stream not ready (DESCRIBE ${this.endpoint.describesSinceBoot} of ${quirks.failDescribes} failing after boot)`,
      );
    const name = `${camera.name} ${target.profile}`;
    const sessionId = String(this.endpoint.sdpSessionId);
    const sdp = quirks.audioOnly
      ? buildAudioOnlySdp({ sessionId, address: camera.network.address, name })
      : buildSdp({
          sessionId,
          address: camera.network.address,
          name,
          payloadType: clip.payloadType,
          rtpmap: clip.rtpmap,
          fmtp: quirks.sdpParameterSets ? clip.fmtp : withoutParameterSets(clip.fmtp),
          fps: clip.spec.fps,
          width: clip.spec.width,
          height: clip.spec.height,
        });
    const base = req.uri.endsWith('/') ? req.uri : `${req.uri}/`;
    return {
      status: 200,
      headers: [
        ['Content-Base', base],
        ['Content-Type', 'application/sdp'],
      ],
      body: sdp,
    };
  }

  private async setup(
    req: RtspRequest,
    existing: RtspSession | undefined,
    user: string | undefined,
    ctx: RequestContext,
    replay?: RecordedTrack,
  ): Promise<RtspResponse> {
    const target =
      replay === undefined
        ? resolveStreamPath(this.endpoint.camera, req.uri)
        : { profile: replay.profile.name, track: true };
    ctx.profile = target.profile;
    const header = req.headers.get('transport');
    if (header === undefined) throw new RtspError(461, 'Transport header required');
    const chosen = chooseTransport(parseTransportHeader(header), this.nextChannel);
    if (chosen === undefined) throw new RtspError(461, `no supported transport in ${header.slice(0, 128)}`);
    if (existing !== undefined) {
      // One track per session: a second SETUP may only repeat the first (a different stream is a second session).
      if (existing.profile !== target.profile)
        throw new RtspError(
          459,
          `session ${existing.id} streams ${existing.profile}; set up ${target.profile} in a new session`,
        );
      const sameRecording =
        existing instanceof ReplaySession && existing.track.recordingToken === replay?.recordingToken;
      if (existing.isReplay !== (replay !== undefined) || (replay !== undefined && !sameRecording))
        throw new RtspError(
          459,
          `session ${existing.id} streams something else; set up ${req.uri.slice(0, 128)} in a new session`,
        );
      if (existing.state === 'playing') throw new RtspError(455, 'SETUP is not valid while playing');
      if (existing.transport.kind !== chosen.transport)
        throw new RtspError(461, 'changing the transport of a session is not supported');
      return {
        status: 200,
        headers: [
          ['Transport', this.transportHeader(existing)],
          ['Session', this.sessionHeader(existing)],
        ],
      };
    }
    const maxSessions = this.endpoint.camera.streamQuirks.maxSessions;
    if (maxSessions !== undefined && this.endpoint.sessions.size >= maxSessions)
      throw new RtspError(453, `the camera serves ${maxSessions} session(s) at once and all are taken`);
    const replayStream = replay === undefined ? undefined : await this.endpoint.streamFor(replay.profile);
    if (this.closed) throw new RtspError(503, 'connection closed during SETUP');
    let transport: SessionTransport;
    if (chosen.transport === 'tcp') {
      const [rtp, rtcp] = chosen.interleaved!;
      if (rtcp !== rtp + 1 || rtp % 2 !== 0)
        throw new RtspError(461, `interleaved channels must be an even/odd pair, got ${rtp}-${rtcp}`);
      for (const s of this.sessions)
        if (s.transport.kind === 'tcp' && s.transport.rtpChannel === rtp)
          throw new RtspError(461, `interleaved channel ${rtp} is in use`);
      transport = { kind: 'tcp', socket: this.socket, rtpChannel: rtp };
      this.nextChannel = Math.max(this.nextChannel, rtp + 2);
    } else {
      const pair = await bindUdpPortPair(this.endpoint.camera.network.address);
      if (this.closed) {
        pair.rtp.close();
        pair.rtcp.close();
        throw new RtspError(503, 'connection closed during SETUP');
      }
      const [clientRtpPort, clientRtcpPort] = chosen.clientPort!;
      transport = {
        kind: 'udp',
        pair,
        clientAddress: this.socket.remoteAddress ?? '127.0.0.1',
        clientRtpPort,
        clientRtcpPort,
      };
    }
    // A replay plays the recorded profile's clip; its feed is never subscribed, it only lends the clip's timing and payload type.
    const feed =
      replayStream === undefined
        ? this.endpoint.feed(target.profile)
        : new CameraFeed(this.endpoint.camera, target.profile, replayStream);
    const nowMs = this.endpoint.clock.now();
    const init = {
      id: randomBytes(8).toString('hex').toUpperCase(),
      rtpStart: rtpStart(
        this.endpoint.camera.streamQuirks,
        feed.ticksAt(nowMs),
        feed.ticksAt(this.endpoint.bootedAtMs),
        Math.random,
      ),
      camera: this.endpoint.camera,
      profile: target.profile,
      feed,
      transport,
      client: this.client,
      user,
      userPassword: user === undefined ? undefined : this.endpoint.camera.findUser(user)?.password,
      timeoutMs: replay === undefined ? this.endpoint.sessionTimeoutMs : this.endpoint.replaySessionTimeoutMs,
      clock: this.endpoint.clock,
      limits: this.endpoint.sessionLimits,
      onClose: (s: RtspSession, reason: RtspSessionCloseReason) => {
        this.sessions.delete(s);
        this.endpoint.sessionClosed(s, reason);
      },
    };
    // A camera whose stream came back audio-only (a quirk) serves sessions set up meanwhile with audio alone.
    const session =
      replay !== undefined && replayStream !== undefined
        ? new ReplaySession({ ...init, track: replay, stream: replayStream })
        : this.endpoint.camera.streamQuirks.audioOnly
          ? new SilentAudioSession(init)
          : new RtspSession(init);
    this.sessions.add(session);
    this.endpoint.sessionOpened(session);
    ctx.session = session.id;
    return {
      status: 200,
      headers: [
        ['Transport', this.transportHeader(session)],
        ['Session', this.sessionHeader(session)],
      ],
    };
  }

  private transportHeader(s: RtspSession): string {
    const t = s.transport;
    const ssrc = s.ssrcHex;
    if (t.kind === 'tcp') return `RTP/AVP/TCP;unicast;interleaved=${t.rtpChannel}-${t.rtpChannel + 1};ssrc=${ssrc}`;
    return `RTP/AVP;unicast;client_port=${t.clientRtpPort}-${t.clientRtcpPort};server_port=${t.pair.rtpPort}-${t.pair.rtcpPort};source=${this.endpoint.camera.network.address};ssrc=${ssrc}`;
  }
}

/** The session id of a Session header, without its ;timeout parameter (RFC 2326 §12.37). */
function sessionIdOf(header: string | undefined): string | undefined {
  return header === undefined ? undefined : header.split(';')[0]!.trim();
}
