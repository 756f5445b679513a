import { afterEach, describe, expect, it, vi } from 'vitest';
import { ffmpegAvailable, ffmpegPath, ffprobePath } from './ffmpeg-path.ts';

describe('ffmpegPath / ffprobePath', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('honours FFMPEG_PATH and FFPROBE_PATH', () => {
    vi.stubEnv('FFMPEG_PATH', '/opt/ffmpeg/bin/ffmpeg');
    vi.stubEnv('FFPROBE_PATH', '/opt/ffmpeg/bin/ffprobe');
    expect(ffmpegPath()).toBe('/opt/ffmpeg/bin/ffmpeg');
    expect(ffprobePath()).toBe('/opt/ffmpeg/bin/ffprobe');
  });

  it('falls back to the binaries shipped in the installer packages', () => {
    vi.stubEnv('FFMPEG_PATH', '');
    vi.stubEnv('FFPROBE_PATH', '');
    expect(ffmpegPath()).toMatch(/@ffmpeg-installer.*ffmpeg$/);
    expect(ffprobePath()).toMatch(/@ffprobe-installer.*ffprobe$/);
  });

  // The answer is kept for the process, so this file asks only once, with a binary that cannot run.
  it('reports ffmpeg as unavailable when the binary does not run', async () => {
    vi.stubEnv('FFMPEG_PATH', '/nonexistent/ffmpeg');
    expect(await ffmpegAvailable()).toBe(false);
  });
});
