import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, isMap, isSeq, type YAMLMap } from 'yaml';

export const scenariosDir = fileURLToPath(new URL('../../../../scenarios/', import.meta.url));

/**
 * Light stand-ins for the builtin personalities, so CI plays the shipped scenarios with the same
 * sites, counts, ids and timeline but tiny pictures: what changes is only the bitrate the hubs
 * and the cameras push around.
 */
const labModels = [
  {
    id: 'lab-fixed',
    manufacturer: 'Camlab Optics',
    model: 'CL-LAB',
    firmware: '2.4.1',
    hardwareId: 'CL-LAB-1',
    bootTimeMs: 1000,
  },
  {
    id: 'lab-dome',
    manufacturer: 'Northgate Security',
    model: 'NG-LAB',
    firmware: 'V5.7.3',
    hardwareId: 'NG-LAB-1',
    bootTimeMs: 2000,
    ptz: {},
    rtspPath: '/Streaming/Channels/{channel}',
  },
].map((m) => ({
  ...m,
  profiles: [
    {
      name: 'main',
      codec: 'h264',
      width: 320,
      height: 240,
      fps: 25,
      bitrateKbps: 300,
      gopFrames: 25,
      h264Profile: 'baseline',
    },
    {
      name: 'sub',
      codec: 'h264',
      width: 160,
      height: 120,
      fps: 25,
      bitrateKbps: 100,
      gopFrames: 25,
      h264Profile: 'baseline',
    },
  ],
}));

/**
 * Copies scenarios/NAME.yaml into `dir` with every camera group on a lab model (domes stay
 * domes), every hub instance on `hub`, handovers without readdressing, and site i on 127.16.(firstBlock + i).0/24 (the hubs'
 * test addresses, one range per test so parallel runs never share an address). Returns the path.
 */
export async function labScenario(name: string, dir: string, hub: string, firstBlock: number): Promise<string> {
  const doc = parseDocument(await readFile(join(scenariosDir, `${name}.yaml`), 'utf8'));
  const fleet = doc.get('fleet');
  if (!isMap(fleet)) throw new Error(`${name}.yaml has no inline fleet`);
  const domes = new Set(['ptz-dome', 'mk-dome']);
  fleet.set('models', doc.createNode(labModels));
  const sites = fleet.get('sites');
  if (!isSeq(sites)) throw new Error(`${name}.yaml fleet has no sites`);
  const labOf = (model: unknown): string => (domes.has(String(model)) ? 'lab-dome' : 'lab-fixed');
  for (const [i, site] of (sites.items as YAMLMap[]).entries()) {
    site.set('addressBlock', `127.16.${firstBlock + i}.0/24`);
    const groups = site.get('cameras');
    if (!isSeq(groups)) continue;
    for (const group of groups.items as YAMLMap[]) group.set('model', labOf(group.get('model')));
  }
  // Selectors by model follow the cameras onto their lab models. A handover keeps its new
  // credentials but not its new network: the plan gives every run the same one (127.30.0.0/24),
  // which parallel test runs would fight over; the demo's e2e plays the readdress.
  const timeline = doc.get('timeline');
  if (isSeq(timeline)) {
    for (const entry of timeline.items as YAMLMap[]) {
      const handover = entry.get('handover');
      if (isMap(handover)) handover.set('readdress', false);
      for (const target of [
        entry.get('target'),
        isMap(entry.get('wait-for')) ? (entry.get('wait-for') as YAMLMap).get('target') : undefined,
      ]) {
        if (isMap(target) && target.has('model')) target.set('model', labOf(target.get('model')));
      }
    }
  }
  if (doc.has('hubs')) {
    const hubs = doc.get('hubs');
    if (isMap(hubs)) for (const pair of hubs.items) pair.value = doc.createNode(hub);
  } else {
    doc.set('hub', hub);
  }
  const file = join(dir, basename(`${name}-${hub}.yaml`));
  await writeFile(file, doc.toString());
  return file;
}
