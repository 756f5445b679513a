import type { z } from 'zod';
import type { Camera } from '../camera/camera.ts';
import type { Clock } from '../clock/clock.ts';
import type { FaultHooks } from './fault.ts';

/** A site as a fault sees it: its address block and uplink budget. */
export interface FaultSite {
  name: string;
  addressBlock: string;
  bandwidthKbps?: number;
  /** Cameras of the site in the whole fleet (every shard), for splitting a shared budget. */
  cameraCount: number;
}

/** What a fault is given when it is created: its cameras in this process and the run's clock. */
export interface FaultContext {
  id: string;
  clock: Clock;
  /** The targeted cameras served by this process (a worker sees only its own). */
  cameras: readonly Camera[];
  sites: ReadonlyMap<string, FaultSite>;
  /** Targeted cameras per site over the whole fleet (every shard). */
  targetCountBySite: ReadonlyMap<string, number>;
  /** The camera's position in its site (0-based), stable across shards: readdress keeps it. */
  siteIndexOf(camera: Camera): number;
  /** Seeded uniform [0, 1): a run replays from its seed. */
  random(): number;
}

/**
 * A running fault. hooksFor() gives the hooks put into each target camera's chain (called once
 * per camera at apply); start() does one-off device effects (power off, change a password);
 * close() undoes them after the hooks have left every chain.
 */
export interface FaultProcess {
  hooksFor?(camera: Camera): FaultHooks;
  start?(): void;
  close(): void;
}

/** The cameras a request resolved to, as the API validates them before anything is applied. */
export interface FaultTargets {
  /** `device` and `edgeStorage` let a kind refuse devices it cannot act on (a recorder fault on a camera without a card). */
  cameras: readonly {
    id: string;
    site: string;
    siteIndex: number;
    device?: 'camera' | 'recorder';
    edgeStorage?: boolean;
  }[];
  sites: ReadonlyMap<string, FaultSite>;
}

export interface FaultParamIssue {
  path: PropertyKey[];
  message: string;
}

/** One fault type: its name, its parameter schema (zod, strict) and its constructor. */
export interface FaultKind<S extends z.ZodType = z.ZodType> {
  readonly kind: string;
  /** One line for listings and the README. */
  readonly summary: string;
  readonly schema: S;
  /** Checks that need the targets (a site budget, a large enough block); issues become a 400. */
  check?(cfg: z.output<S>, targets: FaultTargets): FaultParamIssue[];
  create(cfg: z.output<S>, ctx: FaultContext): FaultProcess;
}

/** Keeps a kind's schema and create() typed together at the definition site. */
export function defineFaultKind<S extends z.ZodType>(kind: FaultKind<S>): FaultKind {
  return kind as unknown as FaultKind;
}
