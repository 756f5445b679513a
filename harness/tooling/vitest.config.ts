import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Lives in harness/tooling because the top level holds only the five folders and the manifests.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['{media,simulators,harness,reports}/**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: e2e tests start real ffmpeg and hub processes, so keep parallelism modest.
    maxWorkers: 2,
    benchmark: {
      include: ['{media,simulators,harness}/**/*.bench.ts'],
    },
  },
});
