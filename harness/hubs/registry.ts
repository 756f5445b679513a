import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { checkAdapterContract } from './adapter-contract.ts';
import type { HubAdapter } from './hub-adapter.ts';
import { miniHubVariants, type MiniHubVariant } from './reference/pull-policy.ts';

/** What an adapter factory is told about the instance it will serve. */
export interface HubAdapterInput {
  instance: string;
}

interface BuiltinEntry {
  summary: string;
  /** Loaded lazily: `camlab validate` must not pay for starting ffmpeg helpers or reading Motion. */
  load(): Promise<(input: HubAdapterInput) => HubAdapter>;
}

/** The adapters camlab ships, by the name a scenario's `hub:` or `--hub` uses. */
const builtinHubAdapters: Record<string, BuiltinEntry> = {
  none: {
    summary: 'a hub started by hand: camera-side observation only, no capabilities',
    load: async () => {
      const { NoneAdapter } = await import('./none-adapter.ts');
      return () => new NoneAdapter();
    },
  },
  nms: {
    summary: 'node-media-server 2.7.4, the embedded default hub (started by camlab)',
    load: async () => {
      const { createNmsAdapter } = await import('./nms/nms-adapter.ts');
      return () => createNmsAdapter();
    },
  },
  motion: {
    summary: 'Motion (/usr/bin/motion), started by camlab with a generated configuration',
    load: async () => {
      const { createMotionAdapter } = await import('./motion/motion-adapter.ts');
      return () => createMotionAdapter();
    },
  },
  zoneminder: {
    summary:
      'ZoneMinder 1.36 (Debian package), started by camlab when not running: MariaDB, Apache on 127.0.0.1, zmpkg.pl',
    load: async () => {
      const { createZoneMinderAdapter } = await import('./zoneminder/zoneminder-adapter.ts');
      return () => createZoneMinderAdapter();
    },
  },
};

export function hubAdapterNames(): string[] {
  return Object.keys(builtinHubAdapters);
}

export function hubAdapterSummaries(): { name: string; summary: string }[] {
  return [
    ...Object.entries(builtinHubAdapters).map(([name, e]) => ({ name, summary: e.summary })),
    {
      name: `${containerPrefix}IMAGE`,
      summary: 'a hub shipped as a container image, started with testcontainers (needs a Docker engine)',
    },
    {
      name: 'FILE.yaml',
      summary:
        'a declarative adapter: how to start, provision, hear alarms from, read the restream of, list the recordings of and steer your hub',
    },
    {
      name: `${miniHubPrefix}VARIANT`,
      summary: `a small reference hub, well-behaved or deliberately faulty, to see verdicts move (${Object.keys(miniHubVariants).join(', ')})`,
    },
  ];
}

/** `mini-hub:VARIANT` runs one of the harness's own reference hubs (harness/hubs/reference/). */
const miniHubPrefix = 'mini-hub:';

function isMiniHubVariant(name: string): name is MiniHubVariant {
  return Object.hasOwn(miniHubVariants, name);
}

/** `container:IMAGE` starts a hub from a container image (start capability only). */
const containerPrefix = 'container:';

/** A reference that names a file rather than a built-in: a declarative adapter (YAML). */
export function isAdapterFile(ref: string): boolean {
  return /\.ya?ml$/i.test(ref);
}

/** Where an adapter file reference points: relative to `baseDir` (the scenario's folder, or where the user stands). */
export function adapterFilePath(ref: string, baseDir: string): string {
  return isAbsolute(ref) ? ref : resolve(baseDir, ref);
}

/** undefined when `ref` is a built-in name or an adapter file that exists; else what is wrong. */
export function adapterProblem(ref: string, baseDir: string): string | undefined {
  if (isAdapterFile(ref)) {
    const file = adapterFilePath(ref, baseDir);
    return existsSync(file) ? undefined : `adapter file '${ref}' not found (looked for ${file})`;
  }
  if (Object.hasOwn(builtinHubAdapters, ref)) return undefined;
  if (ref.startsWith(containerPrefix))
    return ref.length > containerPrefix.length
      ? undefined
      : `expected an image after '${containerPrefix}', e.g. container:vendor/hub:1.2`;
  if (ref.startsWith(miniHubPrefix)) {
    const variant = ref.slice(miniHubPrefix.length);
    return isMiniHubVariant(variant)
      ? undefined
      : `unknown mini hub '${variant}'; expected one of ${Object.keys(miniHubVariants).join(', ')}`;
  }
  return `unknown hub adapter '${ref}'; expected one of ${hubAdapterNames().join(', ')}, container:IMAGE, mini-hub:VARIANT or a declarative adapter file (.yaml)`;
}

export class UnknownAdapterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownAdapterError';
  }
}

/**
 * Creates the adapter a reference names, resolving adapter files against `baseDir`. Not yet
 * opened. Its capabilities are checked against its methods (AdapterContractError).
 */
export async function createHubAdapter(ref: string, input: HubAdapterInput & { baseDir: string }): Promise<HubAdapter> {
  const adapter = await instantiate(ref, input);
  checkAdapterContract(adapter);
  return adapter;
}

async function instantiate(ref: string, input: HubAdapterInput & { baseDir: string }): Promise<HubAdapter> {
  const problem = adapterProblem(ref, input.baseDir);
  if (problem !== undefined) throw new UnknownAdapterError(problem);
  if (isAdapterFile(ref)) {
    const { loadDeclarativeAdapter } = await import('./declarative/load-declarative-adapter.ts');
    const factory = await loadDeclarativeAdapter(adapterFilePath(ref, input.baseDir));
    return factory();
  }
  if (ref.startsWith(containerPrefix)) {
    const { createContainerAdapter } = await import('./container/container-adapter.ts');
    return createContainerAdapter({ image: ref.slice(containerPrefix.length) });
  }
  if (ref.startsWith(miniHubPrefix)) {
    const variant = ref.slice(miniHubPrefix.length);
    if (!isMiniHubVariant(variant)) throw new UnknownAdapterError(`unknown mini hub '${variant}'`);
    const { MiniHubAdapter } = await import('./reference/mini-hub-adapter.ts');
    return new MiniHubAdapter(variant);
  }
  const factory = await builtinHubAdapters[ref]!.load();
  return factory({ instance: input.instance });
}

/**
 * Checks a reference fully before anything starts: a built-in name, or an adapter file that
 * reads and validates (throws the file's InputError, naming its lines).
 */
export async function checkHubAdapterRef(ref: string, baseDir: string): Promise<void> {
  const problem = adapterProblem(ref, baseDir);
  if (problem !== undefined) throw new UnknownAdapterError(problem);
  if (isAdapterFile(ref)) {
    const { loadDeclarativeAdapter } = await import('./declarative/load-declarative-adapter.ts');
    await loadDeclarativeAdapter(adapterFilePath(ref, baseDir));
  }
}
