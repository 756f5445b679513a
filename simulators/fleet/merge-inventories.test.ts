import { describe, expect, it } from 'vitest';
import type { Inventory, InventoryCamera } from './inventory.ts';
import { mergeInventories } from './merge-inventories.ts';

function cam(id: string, shard: number): InventoryCamera {
  return {
    id,
    name: id,
    site: 's',
    model: 'fixed-1080p',
    manufacturer: 'm',
    address: '127.13.0.1',
    rtspPort: 554,
    onvifPort: 80,
    rtsp: { main: '', sub: '' },
    onvif: '',
    snapshot: '',
    ptz: false,
    username: 'admin',
    password: 'x',
    shard,
  };
}
const part = (index: number, ids: string[]): Inventory => ({
  generatedAt: `2026-01-0${index + 1}T00:00:00Z`,
  shard: { index, count: 2 },
  sites: [{ name: 's', addressBlock: '127.13.0.0/24', cameras: ids.length }],
  cameras: ids.map((id) => cam(id, index)),
});

describe('mergeInventories', () => {
  it('joins shards in order and adds up the sites', () => {
    const merged = mergeInventories([part(1, ['c3', 'c4']), part(0, ['c1', 'c2'])]);
    expect(merged.cameras.map((c) => `${c.id}@${c.shard}`)).toEqual(['c1@0', 'c2@0', 'c3@1', 'c4@1']);
    expect(merged.sites[0]!.cameras).toBe(4);
    expect(merged.shard).toBeUndefined();
  });

  it('refuses a missing shard and a camera served twice', () => {
    expect(() => mergeInventories([part(0, ['c1'])])).toThrow(/shard\(s\) 1 of 2 missing/);
    expect(() => mergeInventories([part(0, ['c1']), part(1, ['c1'])])).toThrow(/appears in shard 0 and shard 1/);
  });
});
