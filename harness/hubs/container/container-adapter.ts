import type { StartedTestContainer, WaitStrategy } from 'testcontainers';
import { z } from 'zod';
import type { Capability, HubAdapter, HubContext, HubIdentity } from '../hub-adapter.ts';
import { containerRuntimeStatus } from './container-runtime.ts';

/**
 * How to start a hub shipped as a container image. Validated with zod because it comes from a
 * user's file (a declarative adapter's `container:` section) as often as from code.
 */
export const containerHubSchema = z
  .object({
    image: z.string().min(1),
    /** Container ports the hub serves (its API, its restream). */
    ports: z.array(z.number().int().min(1).max(65535)).default([]),
    env: z.record(z.string(), z.string()).default({}),
    command: z.array(z.string()).optional(),
    /**
     * 'host' (default): the container shares the host's network, so it reaches cameras on
     * 127.x.y.z loopback addresses and serves its ports as they are. 'bridge': ports are mapped.
     */
    network: z.enum(['host', 'bridge']).default('host'),
    wait: z
      .union([
        z.object({ log: z.string().min(1) }).strict(),
        z.object({ http: z.string().startsWith('/'), port: z.number().int().min(1).max(65535) }).strict(),
        z.object({ ports: z.literal(true) }).strict(),
      ])
      .default({ ports: true }),
    startupTimeoutMs: z.number().int().positive().default(120_000),
  })
  .strict();
export type ContainerHubOptions = z.input<typeof containerHubSchema>;
type ContainerHub = z.output<typeof containerHubSchema>;

export class ContainerRuntimeUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ContainerRuntimeUnavailableError';
  }
}

function waitStrategy({ Wait }: typeof import('testcontainers'), wait: ContainerHub['wait']): WaitStrategy {
  if ('log' in wait) return Wait.forLogMessage(wait.log);
  if ('http' in wait) return Wait.forHttp(wait.http, wait.port);
  return Wait.forListeningPorts();
}

/**
 * Starts (and stops) a hub from a container image with testcontainers. It has only the 'start'
 * capability: what the hub does once up (provisioning, alarms) is described by a declarative
 * adapter that references this launcher, or by the vendor's own adapter.
 */
export class ContainerAdapter implements HubAdapter {
  readonly kind = 'container';
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['start']);
  private readonly config: ContainerHub;
  private container: StartedTestContainer | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: ContainerHubOptions) {
    this.config = containerHubSchema.parse(options);
  }

  async open(ctx: HubContext): Promise<void> {
    const status = await containerRuntimeStatus();
    if (!status.available) throw new ContainerRuntimeUnavailableError(status.reason);
    // Loaded only here, so every other command runs without loading the container client.
    const testcontainers = await import('testcontainers');
    let builder = new testcontainers.GenericContainer(this.config.image)
      .withEnvironment(this.config.env)
      .withWaitStrategy(waitStrategy(testcontainers, this.config.wait))
      .withStartupTimeout(this.config.startupTimeoutMs)
      .withLabels({ 'camlab.hub-instance': ctx.instance });
    if (this.config.command !== undefined) builder = builder.withCommand(this.config.command);
    builder =
      this.config.network === 'host' ? builder.withNetworkMode('host') : builder.withExposedPorts(...this.config.ports);
    this.container = await builder.start();
    const ports = this.config.ports.map((p) => `${p} -> ${this.baseUrl(p)}`).join(', ');
    ctx.log.record({
      kind: 'hub.log',
      atMs: ctx.clock.now(),
      hub: ctx.instance,
      level: 'info',
      message: `container ${this.container.getName()} from ${this.config.image} started${ports ? `: ${ports}` : ''}`,
    });
  }

  /** Where a container port is reachable from camlab: http://host:port. */
  baseUrl(containerPort: number): string {
    const c = this.container;
    if (c === undefined) throw new Error('ContainerAdapter not started');
    if (this.config.network === 'host') return `http://127.0.0.1:${containerPort}`;
    return `http://${c.getHost()}:${c.getMappedPort(containerPort)}`;
  }

  async identity(): Promise<HubIdentity> {
    const at = this.config.image.lastIndexOf(':');
    const tagged = at > this.config.image.lastIndexOf('/');
    return {
      name: tagged ? this.config.image.slice(0, at) : this.config.image,
      version: tagged ? this.config.image.slice(at + 1) : 'latest',
    };
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.container?.stop({ timeout: 10_000 });
    })();
    return this.closing;
  }
}

export function createContainerAdapter(options: ContainerHubOptions): ContainerAdapter {
  return new ContainerAdapter(options);
}
