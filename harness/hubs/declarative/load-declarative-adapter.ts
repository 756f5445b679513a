import { dirname, resolve } from 'node:path';
import { readYamlFile } from '../../../simulators/config/yaml-document.ts';
import type { HubAdapter } from '../hub-adapter.ts';
import { DeclarativeAdapter } from './declarative-adapter.ts';
import { declarativeAdapterSchema, type DeclarativeAdapterSpec } from './declarative-adapter-schema.ts';

export { declarativeAdapterSchema };

/** Makes a fresh, unopened adapter per hub instance (a handover run needs two). */
export type DeclarativeAdapterFactory = () => HubAdapter;

/**
 * Reads and validates an adapter file (throws InputError naming file:line:col for every
 * problem, before anything starts) and returns a factory of adapters it describes.
 * `opts.vars` override the file's `vars` (ports or hosts chosen at run time).
 */
export async function loadDeclarativeAdapter(
  file: string,
  opts: { vars?: Record<string, string | number | boolean> } = {},
): Promise<DeclarativeAdapterFactory> {
  const spec: DeclarativeAdapterSpec = await readYamlFile(file, declarativeAdapterSchema);
  const withVars: DeclarativeAdapterSpec =
    opts.vars === undefined ? spec : { ...spec, vars: { ...spec.vars, ...opts.vars } };
  const baseDir = dirname(resolve(file));
  return () => new DeclarativeAdapter(withVars, baseDir);
}
