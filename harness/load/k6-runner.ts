import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The k6 scripts camlab ships, by the name `camlab load --k6 NAME` takes. */
export const k6Scripts = {
  'onvif-soap': fileURLToPath(new URL('./k6/onvif-soap.k6.ts', import.meta.url)),
  'hub-rest': fileURLToPath(new URL('./k6/hub-rest.k6.ts', import.meta.url)),
} as const;
export type K6ScriptName = keyof typeof k6Scripts;

/** The k6 binary: K6_PATH when set, else the first `k6` on PATH; undefined when there is none. */
export function findK6(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates =
    env.K6_PATH !== undefined && env.K6_PATH !== ''
      ? [env.K6_PATH]
      : (env.PATH ?? '')
          .split(delimiter)
          .filter((d) => d !== '')
          .map((d) => join(d, 'k6'));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // Not here; try the next directory.
    }
  }
  return undefined;
}

/**
 * Runs one k6 script to completion with camlab's targets in its environment, output shown to
 * the user. Aborting the signal stops k6 by its PID. Resolves with k6's exit code (99 is
 * k6's "thresholds crossed").
 */
export async function runK6(opts: {
  k6: string;
  script: K6ScriptName;
  env: Record<string, string>;
  signal: AbortSignal;
}): Promise<number> {
  const child = spawn(opts.k6, ['run', '--quiet', k6Scripts[opts.script]], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...opts.env },
  });
  const onAbort = (): void => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGINT');
  };
  opts.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const [code] = (await once(child, 'exit')) as [number | null];
    return code ?? 1;
  } finally {
    opts.signal.removeEventListener('abort', onAbort);
  }
}
