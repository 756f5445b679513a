import { execFileSync } from 'node:child_process';

/**
 * A Python that has GStreamer's RTSP server bindings: CAMLAB_GST_PYTHON, the system Python
 * (Debian installs python3-gi there, while a pyenv shim may come first on PATH), or python3.
 * Else why none does, for the caller to print.
 */
export function gstPython(): { python: string } | { missing: string } {
  const candidates = [process.env.CAMLAB_GST_PYTHON, '/usr/bin/python3', 'python3'].filter(
    (c): c is string => c !== undefined && c !== '',
  );
  let missing = 'no python3';
  for (const python of candidates) {
    try {
      execFileSync(
        python,
        ['-c', "import gi; gi.require_version('GstRtspServer','1.0'); from gi.repository import GstRtspServer"],
        { stdio: 'pipe' },
      );
      return { python };
    } catch (err) {
      missing = `${python}: ${(err as { stderr?: Buffer }).stderr?.toString().trim().split('\n').at(-1) ?? String(err)}`;
    }
  }
  return { missing };
}
