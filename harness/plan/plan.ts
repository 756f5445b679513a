import { AddressBlock } from '../../simulators/fleet/address-block.ts';
import type { PtzCommand } from '../hubs/hub-adapter.ts';
import type { Requirement } from '../spec/requirement.ts';
import { formatDurationMs } from '../scenario/duration.ts';
import { resolveExpectations } from '../scenario/expectations.ts';
import { hubInstances } from '../scenario/hub-instances.ts';
import type { PtzAction, Scenario, TimelineEntry } from '../scenario/scenario-schema.ts';
import { seededRandom, mixSeed } from '../../simulators/faults/seeded-random.ts';
import { SelectorError, describeSelector, selectCameras, type Selector } from '../scenario/selector.ts';
import type { FleetLayout, Plan, PlanStep, PlannedCheck, PlannedHub } from './plan-types.ts';

/** One reason a scenario cannot be planned, at a path inside the scenario file. */
export interface PlanIssue {
  path: PropertyKey[];
  message: string;
}

export class PlanError extends Error {
  constructor(readonly issues: PlanIssue[]) {
    super(issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
    this.name = 'PlanError';
  }
}

export interface SpecificationInput {
  version: string;
  requirements: readonly Requirement[];
}

/** Time after the last action before the run ends when the scenario names no duration: long enough to see recovery. */
export const defaultTailMs = 30_000;

/** Order of steps at the same instant: clears before new faults, so a recurring fault never overlaps itself. */
const typeOrder: Record<PlanStep['type'], number> = {
  provision: 0,
  clear: 1,
  handover: 2,
  fault: 3,
  ptz: 4,
  mark: 5,
  'wait-for': 6,
};

function ptzCommand(action: PtzAction): PtzCommand {
  switch (action.kind) {
    case 'continuous':
      return {
        kind: 'continuous',
        pan: action.pan,
        tilt: action.tilt,
        zoom: action.zoom,
        ...(action.timeout !== undefined ? { timeoutMs: action.timeout } : {}),
      };
    case 'stop':
      return { kind: 'stop' };
    case 'goto-preset':
      return { kind: 'goto-preset', preset: action.preset };
    case 'absolute':
      return { kind: 'absolute', pan: action.pan, tilt: action.tilt, zoom: action.zoom };
  }
}

function hubPassword(seed: number, instance: string): string {
  const random = seededRandom(mixSeed(seed, 'password', instance));
  let text = '';
  for (let i = 0; i < 4; i++)
    text += Math.floor(random() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return text;
}

/**
 * A network for a site that readdresses in a handover: the first block of 127.30.0.0 upwards,
 * large enough for the site, that overlaps no site of the fleet and no earlier handover.
 */
function freeBlock(fleet: FleetLayout, taken: readonly string[], cameraCount: number): string {
  let prefix = 24;
  while (2 ** (32 - prefix) - 2 < cameraCount && prefix > 16) prefix--;
  const used = [...fleet.sites.map((s) => s.addressBlock), ...taken].flatMap((b) => {
    const block = b === undefined ? undefined : AddressBlock.parse(b);
    return block === undefined || typeof block === 'string' ? [] : [block];
  });
  const region = AddressBlock.of('127.30.0.0/15');
  for (let n = 0; ; n++) {
    const candidate = region.subBlock(n, prefix);
    if (!used.some((u) => u.contains(candidate.host(0)) || candidate.contains(u.host(0)))) return candidate.toString();
  }
}

const actionKeys = new Set([
  'at',
  'every',
  'until',
  'for',
  'fault',
  'target',
  'hub',
  'ptz',
  'handover',
  'wait-for',
  'mark',
]);

/** The fault's inline parameters: every key of the entry that is not timing, target or the action itself. */
export function faultParams(entry: TimelineEntry): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) if (!actionKeys.has(key)) params[key] = value;
  return params;
}

function paramText(params: Record<string, unknown>): string {
  const parts = Object.entries(params).map(([k, v]) => (k === 'mode' ? String(v) : `${k} ${String(v)}`));
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}

/**
 * Expands a scenario over a fleet into timed steps, hub instances with their camera users,
 * and the checks that will be judged. Pure: no I/O, no clock, the same output for the same
 * input and seed, so plans can be printed (--dry-run) and snapshot-tested.
 * Throws PlanError listing every problem (unknown site, hub instance, requirement ...).
 */
export function plan(scenario: Scenario, spec: SpecificationInput, fleet: FleetLayout): Plan {
  const issues: PlanIssue[] = [];
  const cameraById = new Map(fleet.cameras.map((c) => [c.id, c]));
  const siteNames = fleet.sites.map((s) => s.name);
  const instances = hubInstances(scenario);
  const instanceNames = instances.map((h) => h.instance);

  const devices = [
    ...fleet.cameras,
    ...(fleet.recorders ?? []).map((r) => ({
      id: r.id,
      site: r.site,
      model: 'site-recorder',
      ptz: false,
      device: 'recorder' as const,
    })),
  ];
  const select = (selector: Selector, path: PropertyKey[], salt: string): string[] => {
    try {
      return selectCameras(selector, devices, scenario.seed, salt);
    } catch (err) {
      if (!(err instanceof SelectorError)) throw err;
      issues.push({ path: err.field !== undefined ? [...path, err.field] : path, message: err.message });
      return [];
    }
  };
  const instanceAt = (name: string | undefined, path: PropertyKey[]): string => {
    if (name === undefined) {
      if (instanceNames.length > 1)
        issues.push({ path, message: `this scenario has several hubs; name one of ${instanceNames.join(', ')}` });
      return instanceNames[0]!;
    }
    if (!instanceNames.includes(name))
      issues.push({ path, message: `unknown hub instance '${name}'; expected one of ${instanceNames.join(', ')}` });
    return name;
  };

  // A site starts with the hub it is handed over from, else the instance named as its control room, else the first.
  const owner = new Map<string, string>();
  scenario.timeline.forEach((e) => {
    if (e.handover !== undefined && !owner.has(e.handover.site)) owner.set(e.handover.site, e.handover.from);
  });
  for (const site of fleet.sites) {
    if (!owner.has(site.name))
      owner.set(
        site.name,
        site.controlRoom !== undefined && instanceNames.includes(site.controlRoom)
          ? site.controlRoom
          : instanceNames[0]!,
      );
  }
  const hubs: PlannedHub[] = instances.map((h) => ({
    instance: h.instance,
    adapter: h.adapter,
    username: `camlab-${h.instance}`,
    password: hubPassword(scenario.seed, h.instance),
    sites: siteNames.filter((s) => owner.get(s) === h.instance),
  }));

  const steps: PlanStep[] = hubs
    .filter((h) => h.sites.length > 0)
    .map((h) => ({
      type: 'provision' as const,
      atMs: 0,
      hub: h.instance,
      cameras: fleet.cameras.filter((c) => h.sites.includes(c.site)).map((c) => c.id),
      label: `provision ${h.sites.join(', ')} on ${h.instance}`,
    }));

  const handoverBlocks: string[] = [];
  let lastMs = 0;
  const endOf = (ms: number): void => void (lastMs = Math.max(lastMs, ms));
  scenario.timeline.forEach((entry, index) => {
    const at = ['timeline', index];
    if (entry.every !== undefined && entry.until === undefined && scenario.duration === undefined) {
      issues.push({
        path: [...at, 'every'],
        message: "a repeated action needs 'until' or the scenario's 'duration' to end",
      });
      return;
    }
    const times: number[] = [];
    if (entry.every === undefined) times.push(entry.at);
    else {
      const untilMs = entry.until ?? scenario.duration!;
      for (let t = entry.at; t < untilMs; t += entry.every) times.push(t);
    }
    times.forEach((atMs, repetition) => {
      const salt = `timeline:${index}:${repetition}`;
      if (entry.fault !== undefined) {
        const cameras = select(entry.target!, [...at, 'target'], salt);
        const params = faultParams(entry);
        const key = entry.every === undefined ? `f${index}` : `f${index}.${repetition}`;
        const where = describeSelector(entry.target!);
        steps.push({
          type: 'fault',
          atMs,
          key,
          fault: entry.fault,
          cameras,
          params,
          entry: index,
          label: `${entry.fault}${paramText(params)} on ${where}${entry.for !== undefined ? ` for ${formatDurationMs(entry.for)}` : ''}`,
        });
        if (entry.for !== undefined) {
          steps.push({
            type: 'clear',
            atMs: atMs + entry.for,
            key,
            fault: entry.fault,
            cameras,
            entry: index,
            label: `${entry.fault} cleared on ${where}`,
          });
          endOf(atMs + entry.for);
        }
      } else if (entry.ptz !== undefined) {
        const hub = instanceAt(entry.hub, [...at, 'hub']);
        const cameras = select(entry.target!, [...at, 'target'], salt);
        const fixed = cameras.filter((id) => cameraById.get(id)?.ptz === false);
        if (fixed.length > 0 && (entry.target!.camera !== undefined || entry.target!.cameras !== undefined)) {
          issues.push({
            path: [...at, 'target'],
            message: `camera ${fixed.join(', ')} has no PTZ head; expected a camera of a PTZ model`,
          });
        }
        const ptzCameras = cameras.filter((id) => cameraById.get(id)?.ptz === true);
        if (
          ptzCameras.length === 0 &&
          fixed.length === cameras.length &&
          cameras.length > 0 &&
          entry.target!.camera === undefined &&
          entry.target!.cameras === undefined
        ) {
          issues.push({ path: [...at, 'target'], message: `no PTZ camera in ${describeSelector(entry.target!)}` });
        }
        const command = ptzCommand(entry.ptz);
        steps.push({
          type: 'ptz',
          atMs,
          hub,
          cameras: ptzCameras,
          command,
          entry: index,
          label: `ptz ${command.kind}${command.kind === 'goto-preset' ? ` ${command.preset}` : ''} on ${describeSelector(entry.target!)} via ${hub}`,
        });
      } else if (entry.handover !== undefined) {
        const h = entry.handover;
        const path = [...at, 'handover'];
        instanceAt(h.from, [...path, 'from']);
        instanceAt(h.to, [...path, 'to']);
        if (h.from === h.to)
          issues.push({
            path: [...path, 'to'],
            message: `a handover moves a site between two instances; from and to are both '${h.from}'`,
          });
        if (!siteNames.includes(h.site))
          issues.push({
            path: [...path, 'site'],
            message: `unknown site '${h.site}'; expected one of ${siteNames.join(', ')}`,
          });
        const cameras = fleet.cameras.filter((c) => c.site === h.site).map((c) => c.id);
        let addressBlock: string | undefined;
        if (h.readdress || h.addressBlock !== undefined) {
          if (h.addressBlock !== undefined && typeof AddressBlock.parse(h.addressBlock) === 'string') {
            issues.push({ path: [...path, 'addressBlock'], message: AddressBlock.parse(h.addressBlock) as string });
          }
          addressBlock = h.addressBlock ?? freeBlock(fleet, handoverBlocks, cameras.length);
          handoverBlocks.push(addressBlock);
        }
        const what = [
          addressBlock !== undefined ? `to ${addressBlock}` : undefined,
          h.credentials ? 'new credentials' : undefined,
        ]
          .filter(Boolean)
          .join(', ');
        steps.push({
          type: 'handover',
          atMs,
          site: h.site,
          from: h.from,
          to: h.to,
          ...(addressBlock !== undefined ? { addressBlock } : {}),
          credentials: h.credentials,
          cameras,
          entry: index,
          label: `handover ${h.site}: ${h.from} -> ${h.to}${what ? ` (${what})` : ''}`,
        });
      } else if (entry['wait-for'] !== undefined) {
        const w = entry['wait-for'];
        const path = [...at, 'wait-for'];
        const hub = instanceAt(w.hub, [...path, 'hub']);
        const cameras = select(w.target ?? { fleet: true }, [...path, 'target'], salt);
        steps.push({
          type: 'wait-for',
          atMs,
          condition: w.condition,
          hub,
          cameras,
          timeoutMs: w.timeout,
          entry: index,
          label: `wait for ${w.condition} (${describeSelector(w.target ?? { fleet: true })}, ${hub}) up to ${formatDurationMs(w.timeout)}`,
        });
      } else if (entry.mark !== undefined) {
        steps.push({ type: 'mark', atMs, entry: index, label: entry.mark });
      }
      endOf(atMs);
    });
  });

  const durationMs = scenario.duration ?? lastMs + defaultTailMs;
  steps.forEach((s) => {
    if (s.atMs > durationMs && s.entry !== undefined) {
      issues.push({
        path: ['timeline', s.entry, s.type === 'clear' ? 'for' : 'at'],
        message: `${s.label} at ${formatDurationMs(s.atMs)} is after the scenario's duration ${formatDurationMs(durationMs)}`,
      });
    }
  });

  const { resolved, issues: expectIssues } = resolveExpectations(scenario.expect, spec.requirements);
  for (const i of expectIssues) issues.push({ path: ['expect', ...i.path], message: i.message });
  if (issues.length > 0) throw new PlanError(issues);

  // Stable sort: same-instant steps keep timeline order within a type.
  const ordered = steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.atMs - b.s.atMs || typeOrder[a.s.type] - typeOrder[b.s.type] || a.i - b.i)
    .map((x) => x.s);
  const judged = resolved.selected ?? spec.requirements.filter((r) => r.side === 'hub').map((r) => r.id);
  const byId = new Map(spec.requirements.map((r) => [r.id, r]));
  const checks: PlannedCheck[] = judged.map((id) => {
    const r = byId.get(id)!;
    const params: Record<string, number> = {};
    for (const [name, def] of Object.entries(r.params)) params[name] = resolved.overrides[id]?.[name] ?? def.default;
    return { id, title: r.title, level: r.level, params, capabilities: [...r.needs.capabilities] };
  });

  return {
    scenario: scenario.name,
    seed: scenario.seed,
    speed: scenario.speed,
    specVersion: spec.version,
    durationMs,
    hubs,
    sites: siteNames.map((name) => ({ name, cameras: fleet.cameras.filter((c) => c.site === name).map((c) => c.id) })),
    cameras: fleet.cameras,
    steps: ordered,
    checks,
    selected: resolved.selected,
    overrides: resolved.overrides,
  };
}
