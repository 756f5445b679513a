import type { Scenario } from './scenario-schema.ts';

export interface HubInstanceRef {
  /** The instance name ('hub' for a single-hub scenario). */
  instance: string;
  /** An adapter name ('nms', 'none') or a declarative adapter file. */
  adapter: string;
}

/** The single instance of a `hub:` scenario, and the adapter used when none is named. */
export const defaultInstance = 'hub';
export const defaultAdapter = 'nms';

/** The scenario's hub instances; `--hub` replaces the adapter of every instance, keeping the names. */
export function hubInstances(scenario: Pick<Scenario, 'hub' | 'hubs'>, adapterOverride?: string): HubInstanceRef[] {
  if (scenario.hubs !== undefined) {
    return Object.entries(scenario.hubs).map(([instance, adapter]) => ({
      instance,
      adapter: adapterOverride ?? adapter,
    }));
  }
  return [{ instance: defaultInstance, adapter: adapterOverride ?? scenario.hub ?? defaultAdapter }];
}
