import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../../simulators/clock/clock.ts';
import { ObservationLog } from '../../../../simulators/observations/observation-log.ts';
import { ContainerAdapter, ContainerRuntimeUnavailableError } from '../container-adapter.ts';
import { containerRuntimeStatus } from '../container-runtime.ts';

const status = await containerRuntimeStatus();
if (!status.available) console.warn(`skipping container hub e2e: ${status.reason}`);

function context(log: ObservationLog) {
  return { instance: 'hub', log, clock: systemClock, workDir: '/tmp', signal: new AbortController().signal };
}

describe.skipIf(status.available)('container launcher without a container engine', () => {
  it('refuses to start with one line saying why containers cannot run', async () => {
    const adapter = new ContainerAdapter({ image: 'nginx:alpine', ports: [80] });
    const err = await adapter.open(context(new ObservationLog())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContainerRuntimeUnavailableError);
    expect((err as Error).message).toMatch(/^(no container engine is running here|testcontainers cannot load on Node)/);
    expect((err as Error).message).not.toContain('\n');
    await adapter.close();
  });
});

describe.skipIf(!status.available)('container launcher with a container engine', () => {
  it('starts an image, waits for it and serves its port, then stops it', async () => {
    const log = new ObservationLog();
    const adapter = new ContainerAdapter({
      image: 'nginx:alpine',
      ports: [80],
      network: 'bridge',
      wait: { http: '/', port: 80 },
    });
    try {
      await adapter.open(context(log));
      expect((await fetch(adapter.baseUrl(80))).status).toBe(200);
      expect(await adapter.identity()).toEqual({ name: 'nginx', version: 'alpine' });
      expect(log.ofKind('hub.log')[0]?.message).toMatch(/from nginx:alpine started/);
    } finally {
      await adapter.close();
    }
  });
});
