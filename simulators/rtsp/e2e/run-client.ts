import { spawn } from 'node:child_process';

export interface ClientResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs a real client (ffmpeg, ffprobe) to completion; kills it by pid past the deadline. */
export function runClient(binary: string, args: readonly string[], deadlineMs: number): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, deadlineMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr });
    });
  });
}
