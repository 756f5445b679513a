import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { parseYaml } from '../config/yaml-document.ts';

/** The folder of the personality files camlab ships (simulators/camera/personalities/*.yaml). */
export const PERSONALITY_DIR = fileURLToPath(new URL('./personalities/', import.meta.url));

/**
 * A personality is a camera model bundling the quirks one vendor's firmware is known for (its
 * URI layout, motion topic, subscription slots, discovery and SOAP habits), kept as a data file.
 * It is loaded as a built-in model: fleet files name it by id like any other.
 */
export interface Personality<Model> extends PersonalityFile<Model> {
  file: string;
}

/** What a personality file holds: a camera model and a `personality:` line describing it. */
export interface PersonalityFile<Model> {
  /** One line: which firmware it is in the style of, and what it bundles. */
  description: string;
  model: Model;
}

/**
 * Reads every *.yaml in `dir` with `fileSchema` (the camera model schema plus `personality:`,
 * split into the two). The schema is passed in, and the model type follows it, so that this file
 * imports nothing of camera-model.ts, which calls it while defining the built-in models.
 * Throws InputError naming file, line and field on a bad file.
 */
export function readPersonalities<Model>(
  fileSchema: z.ZodType<PersonalityFile<Model>>,
  dir: string = PERSONALITY_DIR,
): Personality<Model>[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      return { file, ...parseYaml(readFileSync(file, 'utf8'), file, fileSchema) };
    });
}
