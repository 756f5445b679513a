import { describe, expect, it } from 'vitest';
import { Camera } from '../camera/camera.ts';
import { findBuiltinModel } from '../camera/camera-model.ts';
import { QUIRKS } from './catalog.ts';
import type { QuirkHookName } from './quirk.ts';

const camera = new Camera({
  id: 'c',
  name: 'c',
  site: 's',
  model: findBuiltinModel('fixed-1080p')!,
  network: { address: '127.77.0.1', rtspPort: 554, onvifPort: 80 },
  users: [],
});
const HOOKS: readonly QuirkHookName[] = [
  'onvifRequest',
  'onvifResponse',
  'auth',
  'clockOffsetMs',
  'discoveryReply',
  'eventMessages',
  'subscriptionSlots',
  'subscriptionOwnPort',
  'rtspRequest',
  'stream',
];

describe('the quirk catalog', () => {
  it.each(QUIRKS.map((q) => [q.id, q] as const))(
    '%s: kebab-case id, documented, switched on by {} and implementing exactly the hooks it declares',
    (_id, quirk) => {
      expect(quirk.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(quirk.title.length).toBeGreaterThan(5);
      expect(quirk.wire.length).toBeGreaterThan(20);
      for (const r of quirk.reports) {
        expect(r.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
        expect(Number.isInteger(r.issue) && r.issue > 0).toBe(true);
      }
      const params = quirk.schema.parse({});
      // Parsing the parsed parameters gives them back: a worker parses what the parent sent.
      expect(quirk.schema.parse(params)).toEqual(params);
      const hooks = quirk.create(params, { camera });
      const implemented = HOOKS.filter((h) => hooks[h] !== undefined);
      expect(implemented.sort()).toEqual([...quirk.hooks].sort());
      hooks.close?.();
    },
  );

  it('refuses unknown parameters', () => {
    for (const q of QUIRKS) expect(q.schema.safeParse({ noSuchParameter: 1 }).success, q.id).toBe(false);
  });
});
