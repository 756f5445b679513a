import type { Inventory } from './inventory.ts';

/** The inventory as a table for a terminal: one line per camera, the first `maxRows` of them. */
export function formatInventoryTable(inv: Inventory, maxRows = 30): string {
  const header = ['camera', 'site', 'model', 'ptz', 'rtsp (main)', 'onvif'];
  const rows = inv.cameras
    .slice(0, maxRows)
    .map((c) => [c.id, c.site, c.model, c.ptz ? 'yes' : '', c.rtsp.main, c.onvif]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const lines = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  if (inv.cameras.length > maxRows)
    lines.push(`... and ${inv.cameras.length - maxRows} more cameras (the inventory file lists all)`);
  const users = [...new Set(inv.cameras.map((c) => `${c.username} / ${c.password}`))];
  const sites = inv.sites.map(
    (s) =>
      `${s.name} ${s.addressBlock} (${s.cameras} cameras${s.controlRoom ? `, control room ${s.controlRoom}` : ''})`,
  );
  lines.push('', `sites: ${sites.join('; ')}`, `credentials: ${users.join(', ')}`);
  if (inv.shard !== undefined) lines.push(`shard: ${inv.shard.index}/${inv.shard.count}`);
  if (inv.api !== undefined) lines.push(`control API: ${inv.api}  (GET /api/cameras, POST /api/faults, GET /metrics)`);
  return lines.join('\n');
}
