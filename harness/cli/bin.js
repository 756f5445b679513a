#!/usr/bin/env node
// The camlab bin. Sources are TypeScript; tsx loads them without a build step. No top-level
// await: a main that never settles must reach run-guarded's handler, not Node's exit code 13.
import { register } from 'tsx/esm/api';

register();
void Promise.all([import('./main.ts'), import('./run-guarded.ts')]).then(([{ main }, { runGuarded }]) =>
  runGuarded(() => main(process.argv.slice(2))),
);
