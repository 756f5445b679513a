import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseYaml } from '../config/yaml-document.ts';
import type { CameraModel, cameraModelSchema } from './camera-model.ts';

/** The folder of the personality files camlab ships (simulators/camera/personalities/*.yaml). */
export const PERSONALITY_DIR = fileURLToPath(new URL('./personalities/', import.meta.url));

/**
 * A personality is a camera model bundling the quirks one vendor's firmware is known for (its
 * URI layout, motion topic, subscription slots, discovery and SOAP habits), kept as a data file.
 * It is loaded as a built-in model: fleet files name it by id like any other.
 */
export interface Personality {
  file: string;
  /** One line: which firmware it is in the style of, and what it bundles. */
  description: string;
  model: CameraModel;
}

/**
 * Reads every *.yaml in `dir` with the camera model schema plus a `personality:` description.
 * The schema is passed in (camera-model.ts calls this while defining the built-in models).
 * Throws InputError naming file, line and field on a bad file.
 */
export function readPersonalities(modelSchema: typeof cameraModelSchema, dir: string = PERSONALITY_DIR): Personality[] {
  const schema = modelSchema.extend({ personality: z.string().min(1) }).strict();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      const { personality, ...model } = parseYaml(readFileSync(file, 'utf8'), file, schema);
      return { file, description: personality, model };
    });
}
