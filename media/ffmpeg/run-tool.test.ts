import { describe, expect, it } from 'vitest';
import { ToolError, runTool } from './run-tool.ts';

// Uses the node binary itself as a stand-in tool, so this runs without ffmpeg.
describe('runTool', () => {
  it('returns stdout of a successful run', async () => {
    expect((await runTool(process.execPath, ['-e', 'process.stdout.write("ok")'])).toString()).toBe('ok');
  });

  it('rejects with the exit code and the end of stderr', async () => {
    const err = await runTool(process.execPath, ['-e', 'console.error("bad input"); process.exit(3)']).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ToolError);
    expect((err as ToolError).exitCode).toBe(3);
    expect((err as ToolError).message).toContain('bad input');
  });

  it('rejects when the binary does not exist', async () => {
    await expect(runTool('/nonexistent/ffmpeg', [])).rejects.toBeInstanceOf(ToolError);
  });

  it('kills a run whose signal aborts', async () => {
    const controller = new AbortController();
    const run = runTool(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], controller.signal);
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(ToolError);
  });
});
