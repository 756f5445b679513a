import { spawn } from 'node:child_process';
import { ffmpegPath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { AnnexBFrameReader } from './annexb-frame-reader.ts';
import type { PullEvents, PullProcess } from './camera-puller.ts';

/** After SIGTERM (which lets ffmpeg send RTSP TEARDOWN), SIGKILL this much later. */
const killAfterMs = 2_000;
/** ffmpeg names the input's codec in its stream listing before it writes a byte of output. */
const codecLine = /Stream #0:0[^:]*: Video: (h264|hevc)/;
/** Bytes of ffmpeg's log kept while looking for the codec line. */
const maxLogBytes = 64 * 1024;
/** A video packet's time as the demuxer stamped it (before ffmpeg's own fixes), under -debug_ts. */
const packetTime = /^demuxer\+ffmpeg -> ist_index:0 type:video .*?pkt_pts_time:(-?\d+(?:\.\d+)?)/;
/** A log line longer than this is not one -debug_ts wrote. */
const maxLineBytes = 4096;
/** Output chunks held until the codec is known. */
const maxEarlyChunks = 64;
/** A packet of any track as the demuxer read it, under -debug_ts. */
const anyPacket = /^demuxer\+ffmpeg -> ist_index:\d+ type:(?:video|audio) /;
/** ffmpeg lists the stream mapping once its input and output listings are complete. */
const mappingLine = /^Stream mapping:/m;

/**
 * Which tracks a pull takes: 'video' (the first video track, and nothing without one), or 'any'
 * (the first video track and the first audio track where there is one; a stream with no video
 * still plays, its packets reported and its bytes dropped). camlab's cameras send audio only as
 * the audio-only-after-reconnect quirk, never beside video, so the Annex-B reader still sees
 * video alone.
 */
export type PullTracks = 'video' | 'any';

/**
 * Pulls an RTSP stream the way a simple hub does: a real ffmpeg over TCP (digest when
 * challenged) copying the video as an Annex-B stream to its stdout, where every picture and its
 * camlab SEI stamp is read (the mini hub's restream and recordings are made of these), and the
 * stream time ffmpeg gave each packet from its RTP timestamps is read from its log.
 */
export function ffmpegPull(url: string, events: PullEvents, tracks: PullTracks = 'video'): PullProcess {
  // Short probing: the SDP carries the parameter sets, and a loaded machine should not look like a stalled camera.
  // -debug_ts logs each packet's timestamps as the demuxer made them from RTP: the stream's own clock, which the recorder reads.
  const args = [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel',
    'info',
    '-debug_ts',
    '-rtsp_transport',
    'tcp',
    '-analyzeduration',
    '1000000',
    '-probesize',
    '500000',
    '-i',
    url,
    ...(tracks === 'any' ? ['-map', '0:v:0?', '-map', '0:a:0?'] : ['-map', '0:v:0']),
    '-c',
    'copy',
    '-f',
    'rawvideo',
    'pipe:1',
  ];
  const child = spawn(ffmpegPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  let reader: AnnexBFrameReader | undefined;
  /** The stream plays without video (a pull of any track): its output is not pictures. */
  let noVideo = false;
  const early: Buffer[] = [];
  let killTimer: NodeJS.Timeout | undefined;
  const read = (chunk: Buffer) => {
    try {
      reader!.push(chunk);
    } catch {
      // Not video a camera sends: this pull is over.
      child.kill('SIGKILL');
    }
  };
  let partial = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = (lines.pop() ?? '').slice(-maxLineBytes);
    for (const line of lines) {
      const ptsS = packetTime.exec(line)?.[1];
      if (ptsS !== undefined) events.mediaTime?.(Number(ptsS) * 1000);
      if (tracks === 'any' && anyPacket.test(line)) events.packet?.();
    }
    if (reader !== undefined || noVideo || log.length > maxLogBytes) return;
    log += chunk;
    const codec = codecLine.exec(log)?.[1];
    if (codec === undefined) {
      if (tracks === 'any' && mappingLine.test(log)) {
        noVideo = true;
        early.length = 0;
      }
      return;
    }
    reader = new AnnexBFrameReader(
      codec === 'hevc' ? 'h265' : 'h264',
      (frame) => events.frame(frame),
      events.picture === undefined ? undefined : (digest) => events.picture?.(digest),
    );
    for (const c of early.splice(0)) read(c);
  });
  child.stdout.on('data', (chunk: Buffer) => {
    if (reader !== undefined) return read(chunk);
    if (noVideo) return;
    early.push(chunk);
    // Output without the stream listing first: not the ffmpeg this was written for.
    if (early.length > maxEarlyChunks) child.kill('SIGKILL');
  });
  child.on('error', () => undefined);
  child.on('close', () => {
    clearTimeout(killTimer);
    events.exit();
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    kill() {
      if (!running() || killTimer !== undefined) return;
      // A stopped process takes no SIGTERM until it runs again.
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    },
    stopReading() {
      // The process keeps its RTSP socket open and reads nothing more: the camera's send queue fills.
      if (running()) child.kill('SIGSTOP');
    },
  };
}
