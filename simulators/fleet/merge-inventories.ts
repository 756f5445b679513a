import type { Inventory } from './inventory.ts';

export class InventoryMergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InventoryMergeError';
  }
}

/**
 * One inventory from the shards of a fleet served by several machines (`--shard i/n`): every
 * camera once, in fleet order, each still naming its shard; site counts add up.
 */
export function mergeInventories(parts: readonly Inventory[]): Inventory {
  if (parts.length === 0) throw new InventoryMergeError('no inventories to merge');
  const seen = new Map<string, number>();
  const cameras = parts.flatMap((p) => p.cameras).sort((a, b) => a.shard - b.shard);
  for (const c of cameras) {
    if (seen.has(c.id))
      throw new InventoryMergeError(
        `camera '${c.id}' appears in shard ${seen.get(c.id)} and shard ${c.shard}; were two machines started with the same --shard?`,
      );
    seen.set(c.id, c.shard);
  }
  const count = parts[0]!.shard?.count ?? 1;
  const shards = new Set(parts.map((p) => p.shard?.index ?? 0));
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !shards.has(i));
  if (missing.length > 0) throw new InventoryMergeError(`shard(s) ${missing.join(', ')} of ${count} missing`);
  const sites = parts[0]!.sites.map((s) => ({ ...s, cameras: cameras.filter((c) => c.site === s.name).length }));
  const recorders = parts.flatMap((p) => p.recorders ?? []).sort((a, b) => a.shard - b.shard);
  return {
    generatedAt: parts
      .map((p) => p.generatedAt)
      .sort()
      .at(-1)!,
    api: parts[0]!.api,
    sites,
    cameras,
    ...(recorders.length > 0 ? { recorders } : {}),
  };
}
