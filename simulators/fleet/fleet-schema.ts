import { z } from 'zod';
import { builtinCameraModels, cameraModelSchema, type CameraModel } from '../camera/camera-model.ts';
import { capacityBytesSchema, retentionMsSchema } from '../recording/storage-spec.ts';
import { AddressBlock } from './address-block.ts';

/**
 * The fleet file: sites, the camera models they use, how many of each, and the users every
 * camera knows. Passwords may name an environment variable (`${CAMLAB_ADMIN_PASSWORD}`) so a
 * fleet file can be committed without secrets; an unset variable is an error at that line.
 */
const envReference = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

const secretSchema = z
  .string()
  .min(1)
  .transform((text, ctx) => {
    const ref = envReference.exec(text);
    if (ref === null) return text;
    const value = process.env[ref[1]!];
    if (value === undefined || value === '') {
      ctx.addIssue({
        code: 'custom',
        message: `environment variable ${ref[1]} is not set (the password reads it from \${${ref[1]}})`,
      });
      return z.NEVER;
    }
    return value;
  });

const siteNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes, e.g. milton-keynes');

const addressBlockSchema = z.string().superRefine((text, ctx) => {
  const block = AddressBlock.parse(text);
  if (typeof block === 'string') ctx.addIssue({ code: 'custom', message: block });
});

export const cameraGroupSchema = z
  .object({
    /** A builtin model id ('fixed-1080p', 'ptz-dome', 'legacy-bullet') or one declared under `models`. */
    model: z.string().min(1),
    count: z.number().int().min(1).max(65_000),
  })
  .strict();

export const siteSchema = z
  .object({
    name: siteNameSchema,
    /** Where the site's cameras take their addresses, e.g. 127.21.0.0/24. */
    addressBlock: addressBlockSchema,
    /** The site's uplink budget; a bandwidth fault with `shared: true` defaults to it. */
    bandwidthKbps: z.number().int().positive().optional(),
    /** The control room (hub) that monitors this site; a handover moves it. */
    controlRoom: z.string().min(1).optional(),
    /** Location text in discovery scopes (defaults to the site name). */
    location: z.string().min(1).optional(),
    cameras: z.array(cameraGroupSchema).min(1),
  })
  .strict();

export const fleetUserSchema = z
  .object({
    username: z.string().min(1).max(64),
    password: secretSchema,
    role: z.enum(['Administrator', 'Operator', 'User']).default('Administrator'),
  })
  .strict();

/**
 * A site recorder (NVR): its own device with its own address, credentials and ONVIF services,
 * recording the site's cameras (or the `channels` named) onto a disk of `capacity`, overwriting
 * the oldest when full and deleting what is older than `retention`.
 */
export const recorderSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes, e.g. slough-nvr'),
    site: siteNameSchema,
    /** An address of the site's block; default the first host after the site's cameras (and earlier recorders). */
    address: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,3}){3}$/, 'an IPv4 address of the site block, e.g. 127.22.0.200')
      .optional(),
    capacity: capacityBytesSchema,
    retention: retentionMsSchema.optional(),
    /** The stream recorded of each camera. */
    profile: z.enum(['main', 'sub']).default('main'),
    /** Camera ids of the site (`slough-003`); default every camera of the site. */
    channels: z.array(z.string().min(1)).min(1).optional(),
    /** Who the recorder knows; default the fleet's users. */
    users: z.array(fleetUserSchema).min(1).optional(),
  })
  .strict();

export const defaultFleetUsers = [{ username: 'admin', password: 'camlab', role: 'Administrator' as const }];

const fleetBaseSchema = z
  .object({
    name: z.string().min(1).default('fleet'),
    /** Seeds every random choice (share targets, loss) so a run can be replayed. */
    seed: z.number().int().default(1),
    models: z.array(cameraModelSchema).default([]),
    sites: z.array(siteSchema).min(1),
    users: z.array(fleetUserSchema).min(1).default(defaultFleetUsers),
    recorders: z.array(recorderSchema).default([]),
  })
  .strict();

export const fleetSchema = fleetBaseSchema.superRefine((fleet, ctx) => {
  const builtinIds = new Set(builtinCameraModels.map((m) => m.id));
  fleet.models.forEach((m, i) => {
    if (builtinIds.has(m.id))
      ctx.addIssue({
        code: 'custom',
        path: ['models', i, 'id'],
        message: `'${m.id}' is a builtin model id; choose another`,
      });
    if (fleet.models.findIndex((o) => o.id === m.id) !== i)
      ctx.addIssue({ code: 'custom', path: ['models', i, 'id'], message: `model '${m.id}' is declared twice` });
  });
  const known = [...builtinIds, ...fleet.models.map((m) => m.id)];
  const blocks: { site: number; block: AddressBlock }[] = [];
  fleet.sites.forEach((site, s) => {
    if (fleet.sites.findIndex((o) => o.name === site.name) !== s)
      ctx.addIssue({ code: 'custom', path: ['sites', s, 'name'], message: `site '${site.name}' is declared twice` });
    site.cameras.forEach((g, c) => {
      if (!known.includes(g.model))
        ctx.addIssue({
          code: 'custom',
          path: ['sites', s, 'cameras', c, 'model'],
          message: `unknown model '${g.model}'; expected one of ${known.join(', ')}`,
        });
    });
    const block = AddressBlock.parse(site.addressBlock);
    if (typeof block === 'string') return;
    const count = site.cameras.reduce((n, g) => n + g.count, 0);
    if (count > block.hostCount) {
      ctx.addIssue({
        code: 'custom',
        path: ['sites', s, 'addressBlock'],
        message: `${site.addressBlock} holds ${block.hostCount} addresses but the site has ${count} cameras; use a larger block`,
      });
    }
    for (const other of blocks) {
      if (other.block.contains(block.host(0)) || block.contains(other.block.host(0))) {
        ctx.addIssue({
          code: 'custom',
          path: ['sites', s, 'addressBlock'],
          message: `${site.addressBlock} overlaps site '${fleet.sites[other.site]!.name}' (${fleet.sites[other.site]!.addressBlock})`,
        });
      }
    }
    blocks.push({ site: s, block });
  });
  checkRecorders(fleet, ctx);
  fleet.users.forEach((u, i) => {
    if (fleet.users.findIndex((o) => o.username === u.username) !== i)
      ctx.addIssue({
        code: 'custom',
        path: ['users', i, 'username'],
        message: `user '${u.username}' is declared twice`,
      });
  });
});

/** Recorder ids, sites, channels and addresses: each a problem at its own field. */
function checkRecorders(fleet: z.output<typeof fleetBaseSchema>, ctx: z.RefinementCtx): void {
  const cameraIds = new Set(fleet.sites.flatMap((s) => siteCameraIds(s)));
  const taken = new Map<string, string>();
  fleet.recorders.forEach((r, i) => {
    const issue = (path: PropertyKey[], message: string): void =>
      ctx.addIssue({ code: 'custom', path: ['recorders', i, ...path], message });
    if (fleet.recorders.findIndex((o) => o.id === r.id) !== i) issue(['id'], `recorder '${r.id}' is declared twice`);
    if (cameraIds.has(r.id)) issue(['id'], `'${r.id}' is a camera id; choose another`);
    const site = fleet.sites.find((s) => s.name === r.site);
    if (site === undefined) {
      issue(['site'], `unknown site '${r.site}'; expected one of ${fleet.sites.map((s) => s.name).join(', ')}`);
      return;
    }
    const own = siteCameraIds(site);
    r.channels?.forEach((c, k) => {
      if (!own.includes(c))
        issue(['channels', k], `'${c}' is not a camera of site '${site.name}' (${own[0]} .. ${own.at(-1)})`);
    });
    const block = AddressBlock.parse(site.addressBlock);
    if (typeof block === 'string') return;
    const address = recorderAddress(fleet, r.id);
    if (address === undefined) {
      issue(
        ['site'],
        `${site.addressBlock} holds ${block.hostCount} addresses, too few for the site's ${own.length} cameras and its recorders; use a larger block`,
      );
      return;
    }
    if (r.address !== undefined) {
      if (!block.contains(r.address))
        issue(['address'], `${r.address} is outside the site's block ${site.addressBlock}`);
      else if (own.some((_, k) => block.host(k) === r.address))
        issue(['address'], `${r.address} is the address of a camera of site '${site.name}'`);
    }
    const other = taken.get(address);
    if (other !== undefined) issue(['address'], `${address} is already the address of recorder '${other}'`);
    taken.set(address, r.id);
  });
}

/** The ids of a site's cameras, in file order: `<site>-<nnn>`. */
export function siteCameraIds(site: Pick<SiteDefinition, 'name' | 'cameras'>): string[] {
  const count = siteCameraCount(site);
  const width = Math.max(3, String(count).length);
  return Array.from({ length: count }, (_, k) => `${site.name}-${String(k + 1).padStart(width, '0')}`);
}

/** A recorder's address: its own, or the next host after the site's cameras and the site's earlier recorders without one. Undefined when the block is too small. */
export function recorderAddress(def: Pick<FleetDefinition, 'sites' | 'recorders'>, id: string): string | undefined {
  const recorder = def.recorders.find((r) => r.id === id);
  const site = def.sites.find((s) => s.name === recorder?.site);
  if (recorder === undefined || site === undefined) return undefined;
  if (recorder.address !== undefined) return recorder.address;
  const defaulted = def.recorders.filter((r) => r.site === site.name && r.address === undefined);
  const host = siteCameraCount(site) + defaulted.indexOf(recorder);
  const block = AddressBlock.of(site.addressBlock);
  return host < block.hostCount ? block.host(host) : undefined;
}

export type FleetDefinition = z.output<typeof fleetSchema>;
export type RecorderDefinition = FleetDefinition['recorders'][number];
export type FleetDefinitionInput = z.input<typeof fleetSchema>;
export type SiteDefinition = FleetDefinition['sites'][number];

/** The model a group names: declared in the fleet first, then builtin. */
export function resolveModel(def: FleetDefinition, id: string): CameraModel {
  const model = def.models.find((m) => m.id === id) ?? builtinCameraModels.find((m) => m.id === id);
  if (model === undefined) throw new RangeError(`unknown camera model '${id}'`);
  return model;
}

export function siteCameraCount(site: Pick<SiteDefinition, 'cameras'>): number {
  return site.cameras.reduce((n, g) => n + g.count, 0);
}

export interface FleetFromCountOptions {
  /** Site names; the cameras are spread evenly over them (default one site, 'site-1'). */
  sites?: readonly string[];
  /** The block the sites are carved from, one equal sub-block each (default 127.20.0.0/16). */
  addressBlock?: string;
  seed?: number;
}

/**
 * The fleet behind `--cameras N`: a realistic mix on each site — one camera in four a PTZ dome
 * (rounded up), one in ten a legacy bullet (at least one once a site has three cameras), the
 * rest fixed 1080p.
 */
export function fleetFromCount(n: number, opts: FleetFromCountOptions = {}): FleetDefinition {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`camera count must be a whole number >= 1, got ${n}`);
  const names = opts.sites && opts.sites.length > 0 ? opts.sites : ['site-1'];
  const block = AddressBlock.of(opts.addressBlock ?? '127.20.0.0/16');
  // A /24 per site where it fits, so addresses stay readable (127.20.0.x, 127.20.1.x...).
  const perSiteMax = Math.ceil(n / names.length);
  let prefix = Math.max(24, block.prefix);
  while (prefix > block.prefix && 2 ** (32 - prefix) - 2 < perSiteMax) prefix--;
  while (prefix < 30 && 2 ** (prefix - block.prefix) < names.length) prefix++;
  if (2 ** (prefix - block.prefix) < names.length || 2 ** (32 - prefix) - 2 < perSiteMax) {
    throw new RangeError(
      `${block.toString()} cannot hold ${names.length} site(s) of ${perSiteMax} cameras; use a larger --address-block`,
    );
  }
  const sites = names.map((name, i) => {
    const count = Math.floor(n / names.length) + (i < n % names.length ? 1 : 0);
    const ptz = Math.ceil(count / 4);
    const legacy = count >= 3 ? Math.max(1, Math.floor(count / 10)) : 0;
    const fixed = count - ptz - legacy;
    const groups = [
      { model: 'fixed-1080p', count: fixed },
      { model: 'ptz-dome', count: ptz },
      { model: 'legacy-bullet', count: legacy },
    ].filter((g) => g.count > 0);
    return { name, addressBlock: block.subBlock(i, prefix).toString(), cameras: groups };
  });
  return fleetSchema.parse({
    name: `${n}-cameras`,
    seed: opts.seed ?? 1,
    sites: sites.filter((s) => s.cameras.length > 0),
  });
}
