import { z } from 'zod';
import { builtinCameraModels, cameraModelSchema, type CameraModel } from '../camera/camera-model.ts';
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
      ctx.addIssue({ code: 'custom', message: `environment variable ${ref[1]} is not set (the password reads it from \${${ref[1]}})` });
      return z.NEVER;
    }
    return value;
  });

const siteNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes, e.g. milton-keynes');

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

/** Reserved for the recorder issue: NVRs holding the history of a site's cameras. */
export const recorderSchema = z.object({ name: z.string().min(1), site: siteNameSchema }).strict();

export const defaultFleetUsers = [{ username: 'admin', password: 'camlab', role: 'Administrator' as const }];

export const fleetSchema = z
  .object({
    name: z.string().min(1).default('fleet'),
    /** Seeds every random choice (share targets, loss) so a run can be replayed. */
    seed: z.number().int().default(1),
    models: z.array(cameraModelSchema).default([]),
    sites: z.array(siteSchema).min(1),
    users: z.array(fleetUserSchema).min(1).default(defaultFleetUsers),
    recorders: z.array(recorderSchema).default([]),
  })
  .strict()
  .superRefine((fleet, ctx) => {
    const builtinIds = new Set(builtinCameraModels.map((m) => m.id));
    fleet.models.forEach((m, i) => {
      if (builtinIds.has(m.id)) ctx.addIssue({ code: 'custom', path: ['models', i, 'id'], message: `'${m.id}' is a builtin model id; choose another` });
      if (fleet.models.findIndex((o) => o.id === m.id) !== i) ctx.addIssue({ code: 'custom', path: ['models', i, 'id'], message: `model '${m.id}' is declared twice` });
    });
    const known = [...builtinIds, ...fleet.models.map((m) => m.id)];
    const blocks: { site: number; block: AddressBlock }[] = [];
    fleet.sites.forEach((site, s) => {
      if (fleet.sites.findIndex((o) => o.name === site.name) !== s) ctx.addIssue({ code: 'custom', path: ['sites', s, 'name'], message: `site '${site.name}' is declared twice` });
      site.cameras.forEach((g, c) => {
        if (!known.includes(g.model)) ctx.addIssue({ code: 'custom', path: ['sites', s, 'cameras', c, 'model'], message: `unknown model '${g.model}'; expected one of ${known.join(', ')}` });
      });
      const block = AddressBlock.parse(site.addressBlock);
      if (typeof block === 'string') return;
      const count = site.cameras.reduce((n, g) => n + g.count, 0);
      if (count > block.hostCount) {
        ctx.addIssue({ code: 'custom', path: ['sites', s, 'addressBlock'], message: `${site.addressBlock} holds ${block.hostCount} addresses but the site has ${count} cameras; use a larger block` });
      }
      for (const other of blocks) {
        if (other.block.contains(block.host(0)) || block.contains(other.block.host(0))) {
          ctx.addIssue({ code: 'custom', path: ['sites', s, 'addressBlock'], message: `${site.addressBlock} overlaps site '${fleet.sites[other.site]!.name}' (${fleet.sites[other.site]!.addressBlock})` });
        }
      }
      blocks.push({ site: s, block });
    });
    fleet.recorders.forEach((r, i) => {
      if (!fleet.sites.some((s) => s.name === r.site)) ctx.addIssue({ code: 'custom', path: ['recorders', i, 'site'], message: `unknown site '${r.site}'` });
    });
    fleet.users.forEach((u, i) => {
      if (fleet.users.findIndex((o) => o.username === u.username) !== i) ctx.addIssue({ code: 'custom', path: ['users', i, 'username'], message: `user '${u.username}' is declared twice` });
    });
  });

export type FleetDefinition = z.output<typeof fleetSchema>;
export type FleetDefinitionInput = z.input<typeof fleetSchema>;
export type SiteDefinition = FleetDefinition['sites'][number];

/** The model a group names: declared in the fleet first, then builtin. */
export function resolveModel(def: FleetDefinition, id: string): CameraModel {
  const model = def.models.find((m) => m.id === id) ?? builtinCameraModels.find((m) => m.id === id);
  if (model === undefined) throw new RangeError(`unknown camera model '${id}'`);
  return model;
}

export function siteCameraCount(site: SiteDefinition): number {
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
    throw new RangeError(`${block.toString()} cannot hold ${names.length} site(s) of ${perSiteMax} cameras; use a larger --address-block`);
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
  return fleetSchema.parse({ name: `${n}-cameras`, seed: opts.seed ?? 1, sites: sites.filter((s) => s.cameras.length > 0) });
}
