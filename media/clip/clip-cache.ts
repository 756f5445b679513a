import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ClipFiles, fontAvailable, generateClipFiles } from './clip-generator.ts';
import { clipSpecSchema, validateClipSpec } from './clip-spec.ts';
import { packetizeClip } from './packetize-clip.ts';
import type { ClipSpec, PacketizedClip } from './packetized-clip.ts';

/** Bump when the generator's output changes, so old cache entries are not reused. */
const CLIP_FORMAT_VERSION = 3;

export interface ClipCacheOptions {
  /** Where clips live; default CAMLAB_CACHE_DIR, else .camlab/media under the repository root. */
  cacheDir?: string;
}

/** The media cache folder in effect (git-ignored). */
export function defaultClipCacheDir(): string {
  const fromEnv = process.env.CAMLAB_CACHE_DIR;
  if (fromEnv !== undefined && fromEnv !== '') {
    return fromEnv;
  }
  return fileURLToPath(new URL('../../.camlab/media', import.meta.url));
}

const loaded = new Map<string, Promise<PacketizedClip>>();

/**
 * The packetized clip for `spec`: generated with ffmpeg the first time on this machine, read
 * from the cache after that, parsed and packetized once per process. Concurrent and repeated
 * calls with an equal spec share one promise and so get the same object.
 */
export function loadPacketizedClip(spec: ClipSpec, opts: ClipCacheOptions = {}): Promise<PacketizedClip> {
  try {
    validateClipSpec(spec);
  } catch (err) {
    return Promise.reject(err as Error);
  }
  const cacheDir = opts.cacheDir ?? defaultClipCacheDir();
  const memoKey = `${cacheDir}\0${canonicalJson(spec)}`;
  let clip = loaded.get(memoKey);
  if (clip === undefined) {
    clip = loadOrGenerate(spec, cacheDir);
    loaded.set(memoKey, clip);
    // A failed generation must not poison the process: the next call retries.
    clip.catch(() => loaded.delete(memoKey));
  }
  return clip;
}

/** Where the clip for `spec` lives (whether or not it exists yet). */
export async function clipEntryDir(spec: ClipSpec, cacheDir: string = defaultClipCacheDir()): Promise<string> {
  const withText = await fontAvailable();
  const hash = createHash('sha256')
    .update(canonicalJson({ version: CLIP_FORMAT_VERSION, withText, spec }))
    .digest('hex')
    .slice(0, 16);
  return join(cacheDir, `${spec.codec}-${spec.width}x${spec.height}-${spec.fps}fps-${spec.bitrateKbps}k-${hash}`);
}

async function loadOrGenerate(spec: ClipSpec, cacheDir: string): Promise<PacketizedClip> {
  const dir = await clipEntryDir(spec, cacheDir);
  if (!(await exists(dir))) {
    await generateAtomically(spec, dir);
    return readEntry(spec, dir);
  }
  try {
    return await readEntry(spec, dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw err;
    }
    // Someone deleted files inside the entry: move it aside (atomic, so racing processes agree) and regenerate.
    const stale = `${dir}.tmp-stale-${process.pid}-${randomBytes(4).toString('hex')}`;
    await rename(dir, stale).catch((renameErr: NodeJS.ErrnoException) => {
      if (renameErr.code !== 'ENOENT') throw renameErr;
    });
    await rm(stale, { recursive: true, force: true });
    await generateAtomically(spec, dir);
    return readEntry(spec, dir);
  }
}

/**
 * Generates into a private temp folder, then renames it into place: a reader never sees a half
 * written entry, and when two processes race the loser discards its copy and uses the winner's.
 */
async function generateAtomically(spec: ClipSpec, dir: string): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(tmp, { recursive: true });
  try {
    await generateClipFiles(spec, tmp);
    await rm(join(tmp, ClipFiles.label), { force: true });
    try {
      await rename(tmp, dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') {
        throw err;
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

const timingsSchema = z.array(z.object({ ptsTicks: z.number().int(), dtsTicks: z.number().int() }).strict()).min(1);

async function readEntry(spec: ClipSpec, dir: string): Promise<PacketizedClip> {
  const [annexB, timingsJson, snapshot] = await Promise.all([
    readFile(join(dir, ClipFiles.annexB(spec))),
    readFile(join(dir, ClipFiles.timings), 'utf8'),
    readFile(join(dir, ClipFiles.snapshot)),
  ]);
  return packetizeClip(spec, annexB, timingsSchema.parse(JSON.parse(timingsJson)), snapshot);
}

export interface CachedClipEntry {
  dir: string;
  spec: ClipSpec;
  bytes: number;
}

/** The entries in a cache folder, for `camlab media list`. Unreadable or foreign entries are skipped. */
export async function listCachedClips(cacheDir: string = defaultClipCacheDir()): Promise<CachedClipEntry[]> {
  let names: string[];
  try {
    names = await readdir(cacheDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw err;
  }
  const entries: CachedClipEntry[] = [];
  for (const name of names.sort()) {
    if (name.includes('.tmp-')) {
      continue;
    }
    const dir = join(cacheDir, name);
    try {
      const spec = clipSpecSchema.parse(JSON.parse(await readFile(join(dir, ClipFiles.spec), 'utf8')));
      let bytes = 0;
      for (const file of await readdir(dir)) {
        bytes += (await stat(join(dir, file))).size;
      }
      entries.push({ dir, spec, bytes });
    } catch {
      continue;
    }
  }
  return entries;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** JSON with object keys sorted, so equal specs hash equally whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
