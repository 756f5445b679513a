import { spawn } from 'node:child_process';
import { ffmpegPath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import type { PullEvents, PullProcess } from './camera-puller.ts';

/** After SIGTERM (which lets ffmpeg send RTSP TEARDOWN), SIGKILL this much later. */
const killAfterMs = 2_000;

/**
 * Pulls an RTSP stream the way a simple hub does: a real ffmpeg over TCP (digest when
 * challenged), copying the video to nowhere, reporting its frame count on -progress.
 */
export function ffmpegPull(url: string, events: PullEvents): PullProcess {
  // Short probing: the SDP carries the parameter sets, and a loaded machine should not look like a stalled camera.
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-analyzeduration', '1000000', '-probesize', '500000', '-i', url, '-map', '0:v:0', '-c', 'copy', '-f', 'null', '-', '-progress', 'pipe:1'];
  const child = spawn(ffmpegPath(), args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let buffered = '';
  let killTimer: NodeJS.Timeout | undefined;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('frame=')) events.frames(Number(line.slice(6)));
    }
  });
  child.on('error', () => undefined);
  child.on('close', () => {
    clearTimeout(killTimer);
    events.exit();
  });
  return {
    kill() {
      if (child.exitCode !== null || child.signalCode !== null || killTimer !== undefined) return;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    },
  };
}
