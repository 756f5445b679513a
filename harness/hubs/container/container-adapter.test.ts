import { describe, expect, it } from 'vitest';
import { containerHubSchema } from './container-adapter.ts';

describe('containerHubSchema', () => {
  it('fills the defaults a vendor image usually needs', () => {
    expect(containerHubSchema.parse({ image: 'vendor/hub:3.1' })).toMatchObject({
      ports: [],
      env: {},
      network: 'host',
      wait: { ports: true },
    });
  });

  it.each([
    [{ image: 'x', port: 80 }, 'port'],
    [{ image: 'x', wait: { log: 'ready', port: 1 } }, 'wait'],
    [{ image: 'x', ports: [70000] }, 'ports'],
    [{ image: '' }, 'image'],
  ])('rejects %j naming %s', (input, field) => {
    const result = containerHubSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(field);
  });
});
