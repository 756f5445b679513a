import { spawn, type ChildProcess } from 'node:child_process';
import { ffmpegPath, ffprobePath } from '../../../media/ffmpeg/ffmpeg-path.ts';

/**
 * A real ffmpeg reading an RTSP stream to nowhere, reporting the frames it has received
 * (`-progress`), so a test can see a stream flow, stall and resume the way a hub would.
 */
export class FfmpegWatch {
  frames = 0;
  stderr = '';
  exited = false;
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();

  constructor(url: string, transport: 'tcp' | 'udp' = 'tcp') {
    this.child = spawn(
      ffmpegPath(),
      [
        '-nostdin',
        '-v',
        'error',
        '-progress',
        'pipe:1',
        '-rtsp_transport',
        transport,
        '-i',
        url,
        '-c',
        'copy',
        '-f',
        'null',
        '-',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let partial = '';
    this.child.stdout!.on('data', (b: Buffer) => {
      partial += b.toString('utf8');
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const l of lines) {
        const m = /^frame=(\d+)/.exec(l);
        if (m !== null) this.frames = Number(m[1]);
      }
      this.notify();
    });
    this.child.stderr!.on('data', (b: Buffer) => (this.stderr += b.toString('utf8')));
    this.child.on('close', () => {
      this.exited = true;
      this.notify();
    });
  }

  /** Resolves once `predicate` holds; rejects after `timeoutMs` with what was seen. */
  until(predicate: (w: FfmpegWatch) => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!predicate(this)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `ffmpeg: ${what} not seen within ${timeoutMs} ms (frames ${this.frames}, exited ${this.exited}, stderr: ${this.stderr.slice(-300)})`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Frames received over the next `ms` milliseconds (ffmpeg reports progress about twice a second). */
  async framesDuring(ms: number): Promise<number> {
    const start = this.frames;
    await new Promise((r) => setTimeout(r, ms));
    return this.frames - start;
  }

  close(): Promise<void> {
    if (this.exited) return Promise.resolve();
    const closed = new Promise<void>((r) => this.child.once('close', () => r()));
    if (this.child.pid !== undefined) process.kill(this.child.pid, 'SIGKILL');
    return closed;
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** ffprobe on a URL: exit code and stderr (the error a user would read). */
export function ffprobe(
  url: string,
  timeoutMs = 20_000,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    // -timeout: the RTSP socket I/O timeout in microseconds (ffmpeg 5+; 4.x called it -stimeout).
    const child = spawn(
      ffprobePath(),
      [
        '-v',
        'error',
        '-rtsp_transport',
        'tcp',
        '-timeout',
        '3000000',
        '-show_entries',
        'stream=codec_name,width,height',
        '-of',
        'json',
        url,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}
