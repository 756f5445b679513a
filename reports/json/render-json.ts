import type { RunResult } from '../run-result.ts';

/** Everything, for tools and for `camlab compare`: the RunResult as is, pretty-printed. */
export function renderJson(result: RunResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
