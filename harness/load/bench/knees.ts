import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { LoadStageResult, RunResult } from '../../../reports/run-result.ts';
import { renderLoadChart } from '../../../reports/html/load-chart-svg.ts';
import { kneeFigures, type KneeFigures } from './knee-figures.ts';

/**
 * `npm run bench:knees`: `camlab load` against each real hub camlab ships (node-media-server,
 * Motion, ZoneMinder), one after the other in the same run, each ramped with its load file in
 * scenarios/loads/ until it breaks. Prints each hub's knee (streams sustained, the stage that
 * degraded and what broke first) with the hub's CPU per stream beside camlab's own for the same
 * streams, writes each hub's chart (SVG) and report, and ends with one JSON line.
 */
const { values: args } = parseArgs({
  options: {
    hubs: { type: 'string', default: 'nms,motion,zoneminder' },
    out: { type: 'string' },
    priority: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
const root = fileURLToPath(new URL('../../../', import.meta.url));
const loadFiles: Record<string, { file: string; needs?: string }> = {
  nms: { file: 'scenarios/loads/nms-knee.yaml' },
  motion: { file: 'scenarios/loads/motion-knee.yaml', needs: '/usr/bin/motion' },
  zoneminder: { file: 'scenarios/loads/zoneminder-knee.yaml', needs: '/usr/bin/zmpkg.pl' },
};
if (args.help) {
  console.log(`npm run bench:knees -- [--hubs ${Object.keys(loadFiles).join(',')}] [--out DIR] [--priority NICE]

--priority NICE gives camlab's own session that nice value (/proc/PID/autogroup; negative needs
root), e.g. -10 on a machine shared with other work: camlab keeps its frame clock while the hub,
in sessions of its own, competes for the cores as any other tenant does. The JSON line records it.`);
  process.exit(0);
}
const hubs = args.hubs.split(',').map((h) => h.trim());
for (const h of hubs)
  if (!Object.hasOwn(loadFiles, h))
    throw new Error(`--hubs: unknown hub '${h}' (expected ${Object.keys(loadFiles).join(', ')})`);
const priority = args.priority === undefined ? undefined : Number(args.priority);
if (priority !== undefined && !(Number.isInteger(priority) && priority >= -20 && priority <= 19))
  throw new Error(`--priority: expected a nice value from -20 to 19, got '${args.priority}'`);
const outDir = args.out ?? join(root, 'reports/out', `bench-knees-${new Date().toISOString().replace(/[:.]/g, '-')}`);

async function camlabLoad(file: string, reportDir: string): Promise<number> {
  // A session of its own: with the kernel's autogroups, CPU is shared between sessions first, so
  // --priority sets the nice value of camlab's session (/proc/PID/autogroup). The hub's daemons
  // start sessions of their own and compete as any other tenant does.
  const child = spawn(
    process.execPath,
    [join(root, 'harness/cli/bin.js'), 'load', join(root, file), '--report', reportDir, '--format', 'none'],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: priority !== undefined,
    },
  );
  if (priority !== undefined && child.pid !== undefined) {
    await writeFile(`/proc/${child.pid}/autogroup`, String(priority)).catch((err: Error) =>
      console.error(`--priority: could not set camlab's session to nice ${priority}: ${err.message}`),
    );
  }
  const [code] = (await once(child, 'exit')) as [number | null];
  return code ?? 1;
}

function stageRow(s: LoadStageResult): string {
  const cells = [
    s.cameras,
    s.held,
    s.deliveredRatio === undefined ? '–' : `${(s.deliveredRatio * 100).toFixed(2)}%`,
    s.sessionDrops,
    s.latencyP95Ms === undefined ? '–' : `${s.latencyP95Ms} ms`,
    s.hubCpuCores === undefined ? '–' : s.hubCpuCores.toFixed(2),
    s.simulator.cpuCores.toFixed(2),
    s.simulatorLimited.length > 0 ? 'SIMULATOR-LIMITED' : 'exercised',
  ];
  return `| ${cells.join(' | ')} |`;
}

const results: (KneeFigures & { exitCode: number; loadAverageBefore: number[] })[] = [];
await mkdir(outDir, { recursive: true });
for (const hub of hubs) {
  const { file, needs } = loadFiles[hub]!;
  if (needs !== undefined && !existsSync(needs)) {
    console.log(`skipping ${hub}: ${needs} is not installed (see the README's section on ${hub})`);
    continue;
  }
  const reportDir = join(outDir, hub);
  const loadAverageBefore = loadavg().map((l) => Math.round(l * 100) / 100);
  console.error(`\n== ${hub}: camlab load ${file} (load average ${loadAverageBefore.join(' ')})`);
  const exitCode = await camlabLoad(file, reportDir);
  const result = JSON.parse(await readFile(join(reportDir, 'result.json'), 'utf8')) as RunResult;
  if (result.load === undefined) throw new Error(`${hub}: the run left no load summary (exit ${exitCode})`);
  const hubName =
    result.hubs[0]?.identity.version !== undefined
      ? `${result.hubs[0].identity.name} ${result.hubs[0].identity.version}`
      : hub;
  await writeFile(
    join(outDir, `${hub}-knee.svg`),
    `${renderLoadChart(result.load, `${hubName}: load stages and knee`)}\n`,
  );
  const figures = kneeFigures(hub, hubName, result.load);
  results.push({ ...figures, exitCode, loadAverageBefore });
  console.log(`\n### ${hubName} (exit ${exitCode})\n`);
  console.log(
    '| cameras | held | frames delivered | session drops | p95 latency | hub CPU cores | camlab CPU cores | stage is |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const s of result.load.stages) console.log(stageRow(s));
  console.log(`\n${result.load.knee}`);
}

console.log(
  `\n| hub | knee: streams sustained | degraded at | what broke first | hub CPU per stream | camlab CPU per stream | hub / camlab |`,
);
console.log('|---|---|---|---|---|---|---|');
const perStream = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(2)}% of a core`);
for (const r of results) {
  const ratio =
    r.hubCpuPerStream !== undefined && r.camlabCpuPerStream !== undefined && r.camlabCpuPerStream > 0
      ? `${(r.hubCpuPerStream / r.camlabCpuPerStream).toFixed(1)}x`
      : '–';
  console.log(
    `| ${r.hubName} | ${r.sustainedStreams} | ${r.degradedAt ?? '– (none)'} | ${r.brokeFirst ?? '–'} | ${perStream(r.hubCpuPerStream)} | ${perStream(r.camlabCpuPerStream)} | ${ratio} |`,
  );
}
console.log(`\nCharts and reports: ${outDir}`);
console.log(
  JSON.stringify({
    bench: 'knees',
    cores: availableParallelism(),
    loadAverageAfter: loadavg().map((l) => Math.round(l * 100) / 100),
    hubs: results,
  }),
);
