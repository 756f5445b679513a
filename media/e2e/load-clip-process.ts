// Child process for the cache's cross-process test: loads one clip and prints its frame count.
import { loadPacketizedClip } from '../clip/clip-cache.ts';
import type { ClipSpec } from '../clip/packetized-clip.ts';

const [specJson, cacheDir] = process.argv.slice(2);
if (specJson === undefined || cacheDir === undefined) {
  throw new Error('usage: load-clip-process.ts SPEC_JSON CACHE_DIR');
}
const clip = await loadPacketizedClip(JSON.parse(specJson) as ClipSpec, { cacheDir });
process.stdout.write(`${clip.frames.length}\n`);
