import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The ffmpeg binary: FFMPEG_PATH when set, else the one shipped inside @ffmpeg-installer/ffmpeg
 * (ffmpeg-static would download at install time and fail offline).
 */
export function ffmpegPath(): string {
  return binaryPath('FFMPEG_PATH', '@ffmpeg-installer/ffmpeg');
}

/** The ffprobe binary: FFPROBE_PATH when set, else the one inside @ffprobe-installer/ffprobe. */
export function ffprobePath(): string {
  return binaryPath('FFPROBE_PATH', '@ffprobe-installer/ffprobe');
}

function binaryPath(variable: string, packageName: string): string {
  const override = process.env[variable];
  if (override !== undefined && override !== '') {
    return override;
  }
  try {
    // Loaded lazily: the installer package throws at load time on a platform it has no binary for.
    return (require(packageName) as { path: string }).path;
  } catch (err) {
    throw new Error(
      `no ${packageName} binary for ${process.platform}-${process.arch}; set ${variable} (${(err as Error).message})`,
      { cause: err },
    );
  }
}

let ffmpegProbe: Promise<boolean> | undefined;

/** Whether ffmpeg and ffprobe both run (`-version` exits 0). Checked once per process. */
export function ffmpegAvailable(): Promise<boolean> {
  ffmpegProbe ??= (async () => {
    try {
      const [ffmpeg, ffprobe] = await Promise.all([runsVersion(ffmpegPath()), runsVersion(ffprobePath())]);
      return ffmpeg && ffprobe;
    } catch {
      return false;
    }
  })();
  return ffmpegProbe;
}

function runsVersion(binary: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(binary, ['-version'], { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}
