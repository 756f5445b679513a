import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readYamlFile } from '../config/yaml-document.ts';
import { fleetSchema } from './fleet-schema.ts';

const dir = fileURLToPath(new URL('../../scenarios/fleets/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

describe('shipped fleet files', () => {
  beforeAll(() => {
    process.env.CAMLAB_ADMIN_PASSWORD = 'test-password';
  });
  afterAll(() => {
    delete process.env.CAMLAB_ADMIN_PASSWORD;
  });

  it('ship the three go-live sites and a demo fleet', () => {
    expect(files).toEqual(
      expect.arrayContaining(['milton-keynes.yaml', 'slough.yaml', 'oxfordshire.yaml', 'three-sites-demo.yaml']),
    );
  });

  for (const file of files) {
    it(`${file} is a valid fleet`, async () => {
      const def = await readYamlFile(`${dir}${file}`, fleetSchema);
      expect(def.sites.length).toBeGreaterThan(0);
    });
  }
});
