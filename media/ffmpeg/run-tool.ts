import { spawn } from 'node:child_process';

/** Keep the end of a failing tool's stderr: that is where ffmpeg says what went wrong. */
const STDERR_TAIL_BYTES = 4096;

/** An ffmpeg/ffprobe run that exited non-zero or could not start. */
export class ToolError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(stderr === '' ? message : `${message}: ${stderr.trim()}`);
    this.name = 'ToolError';
  }
}

/** A clip encode takes seconds; a run this long is hung, not slow. */
export const TOOL_TIMEOUT_MS = 180_000;

/**
 * Runs a binary to completion and returns its stdout; rejects with ToolError on failure. The
 * child is killed when `signal` aborts (by default after TOOL_TIMEOUT_MS).
 */
export function runTool(
  binary: string,
  args: readonly string[],
  signal: AbortSignal = AbortSignal.timeout(TOOL_TIMEOUT_MS),
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], signal, killSignal: 'SIGKILL' });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    child.once('error', (err) => reject(new ToolError(`${binary} failed (${err.message})`, null, stderr)));
    child.once('close', (code) => {
      if (code === 0) {
        resolve(Buffer.concat(stdout));
      } else {
        reject(new ToolError(`${binary} ${args.join(' ')} exited with ${code}`, code, stderr));
      }
    });
  });
}
