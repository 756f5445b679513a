import { readFile } from 'node:fs/promises';
import { InputError, locateIssues, parseYaml } from '../../simulators/config/yaml-document.ts';
import { sha256Hex } from '../provenance/sha256.ts';
import type { Requirement } from '../spec/requirement.ts';
import { validateOverrides } from '../verdicts/validate-overrides.ts';
import { concurrentStreamsParam, concurrentStreamsRequirement } from './apply-profile.ts';
import { profileSchema, type Profile } from './profile-schema.ts';

export interface LoadedProfile {
  file: string;
  /** SHA-256 of the file's bytes, recorded in every report. */
  sha256: string;
  profile: Profile;
}

/**
 * Reads and validates a procurement profile (`--profile FILE`) before anything starts: the
 * schema, then what only the specification knows — waivers and tightenings must name real
 * requirements, and a tightening must be stricter than the specification, exactly as a
 * scenario's. Throws one InputError naming file, line, field and expectation.
 */
export async function loadProfile(file: string, requirements: readonly Requirement[]): Promise<LoadedProfile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new InputError([
      {
        file,
        line: 0,
        col: 0,
        path: '',
        message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      },
    ]);
  }
  const source = bytes.toString('utf8');
  const profile = parseYaml(source, file, profileSchema);
  const issues = profileIssues(profile, requirements);
  if (issues.length > 0)
    throw new InputError(locateIssues(source, file, issues).sort((a, b) => a.line - b.line || a.col - b.col));
  return { file, sha256: sha256Hex(bytes), profile };
}

/** What the schema cannot check: requirement ids and the stricter-only rule. */
export function profileIssues(
  profile: Profile,
  requirements: readonly Requirement[],
): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const ids = new Set(requirements.map((r) => r.id));
  for (const id of Object.keys(profile.waivers)) {
    if (!ids.has(id))
      issues.push({ path: ['waivers', id], message: `unknown requirement '${id}'; \`camlab spec\` lists them` });
  }
  for (const issue of validateOverrides(requirements, profile.tighten)) {
    issues.push({ path: ['tighten', ...issue.path.split('.')], message: issue.message });
  }
  if (
    profile.procurement.concurrentStreams !== undefined &&
    profile.tighten[concurrentStreamsRequirement]?.[concurrentStreamsParam] !== undefined
  ) {
    issues.push({
      path: ['tighten', concurrentStreamsRequirement, concurrentStreamsParam],
      message: `set ${concurrentStreamsRequirement}'s N once, as procurement.concurrentStreams`,
    });
  }
  return issues;
}
