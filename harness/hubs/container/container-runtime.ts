export type ContainerRuntimeStatus = { available: true; engine: string } | { available: false; reason: string };

let probed: Promise<ContainerRuntimeStatus> | undefined;

function message(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}

/**
 * Whether hubs shipped as images can be started here: testcontainers must load (pinned to 11.x:
 * v12's undici needs Node >= 22) and find a container engine the way it always does (DOCKER_HOST,
 * the docker CLI context, the default socket). Probed once per process; the reason is one line.
 */
export function containerRuntimeStatus(): Promise<ContainerRuntimeStatus> {
  probed ??= (async (): Promise<ContainerRuntimeStatus> => {
    let testcontainers: typeof import('testcontainers');
    try {
      testcontainers = await import('testcontainers');
    } catch (err) {
      return {
        available: false,
        reason: `testcontainers cannot load on Node ${process.versions.node} (${message(err)}); hubs shipped as images cannot be started`,
      };
    }
    try {
      const client = await testcontainers.getContainerRuntimeClient();
      const rt = client.info.containerRuntime;
      return { available: true, engine: `${rt.operatingSystem} engine ${rt.serverVersion} at ${rt.host}` };
    } catch (err) {
      return {
        available: false,
        reason: `no container engine is running here (${message(err)}); hubs shipped as images cannot be started`,
      };
    }
  })();
  return probed;
}
