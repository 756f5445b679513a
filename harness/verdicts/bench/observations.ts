import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ObservationLog } from '../../../simulators/observations/observation-log.ts';
import type { Observation } from '../../../simulators/observations/observation.ts';
import type { Capability } from '../../hubs/hub-adapter.ts';
import { SessionSpanBuilder, withSessionSpans } from '../../spec/evidence/session-spans.ts';
import { specification } from '../../spec/specification.ts';
import { evaluate } from '../evaluate.ts';
import { observationsForJudging } from '../observations-for-judging.ts';
import { runFacts, runVolume, type RunVolumeOptions } from './run-volume.ts';

/**
 * `npm run bench:observations`: a go-live rehearsal's observations (run-volume.ts: 2,000 cameras
 * for 8 hours by default) recorded through the real ObservationLog, spilling past its memory
 * budget, then judged by the real evaluate() over every requirement. Beside it, in the same run
 * and each in a process of its own (so peak RSS is each one's): the floor, the same observations
 * written as NDJSON through an fs stream and read back into the same evidence; and the old
 * in-memory log, bounded at the 2,000,000 entries it could hold, judged on what it kept.
 * Prints one table and one JSON line.
 */
const { values: args } = parseArgs({
  options: {
    cameras: { type: 'string', default: '2000' },
    hours: { type: 'string', default: '8' },
    'memory-mb': { type: 'string', default: '256' },
    'pull-point-share': { type: 'string', default: '0.1' },
    'outages-per-camera-hour': { type: 'string', default: '0.02' },
    variants: { type: 'string', default: 'spill,ndjson,memory' },
    dir: { type: 'string' },
    variant: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`npm run bench:observations -- [--cameras 2000] [--hours 8] [--memory-mb 256]
  [--pull-point-share 0.1] [--outages-per-camera-hour 0.02] [--variants spill,ndjson,memory] [--dir DIR]

Scale down with --cameras and --hours (e.g. --cameras 500 --hours 1 takes a minute or two).
--dir: where the spill and the NDJSON file go (default: a temporary folder, removed after).`);
  process.exit(0);
}

function positive(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name}: expected a non-negative number, got '${raw}'`);
  return n;
}

const volume: RunVolumeOptions = {
  cameras: positive('cameras', args.cameras),
  hours: positive('hours', args.hours),
  pullPointShare: positive('pull-point-share', args['pull-point-share']),
  outagesPerCameraHour: positive('outages-per-camera-hour', args['outages-per-camera-hour']),
  seed: 2026_12,
};
const memoryBudgetBytes = positive('memory-mb', args['memory-mb']) * 1024 * 1024;
const capabilities = new Set<Capability>(['provision', 'alarms']);
const mib = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
const peakRssMiB = (): number => mib(process.resourceUsage().maxRSS * 1024);

interface VariantResult {
  variant: string;
  observations: number;
  recordSeconds: number;
  recordPerSecond: number;
  rssAfterRecordMiB: number;
  bytesOnDisk: number;
  readSeconds?: number;
  judgeSeconds?: number;
  peakRssMiB: number;
  dropped: number;
  verdicts?: Record<string, number>;
}

function judge(observations: readonly Observation[]): { seconds: number; verdicts: Record<string, number> } {
  const started = performance.now();
  const verdicts = evaluate({
    requirements: specification.requirements,
    overrides: {},
    observations,
    run: runFacts(volume),
    capabilities,
  });
  const counts: Record<string, number> = {};
  for (const v of verdicts) counts[v.verdict] = (counts[v.verdict] ?? 0) + 1;
  const failed = verdicts.filter((v) => v.verdict === 'FAIL').map((v) => `${v.id}: ${v.message}`);
  if (failed.length > 0) console.error(`FAIL ${failed.join('; ')}`);
  return { seconds: (performance.now() - started) / 1000, verdicts: counts };
}

async function spillVariant(dir: string): Promise<VariantResult> {
  const log = new ObservationLog({ memoryBudgetBytes, spillDir: dir });
  let n = 0;
  const started = performance.now();
  for (const o of runVolume(volume)) {
    log.record(o);
    n++;
  }
  log.flush();
  const recordSeconds = (performance.now() - started) / 1000;
  const rssAfterRecordMiB = mib(process.memoryUsage().rss);
  const readStarted = performance.now();
  const observations = await observationsForJudging(log);
  const readSeconds = (performance.now() - readStarted) / 1000;
  const judged = judge(observations);
  const result: VariantResult = {
    variant: `spill (Arrow IPC, ${args['memory-mb']} MiB in memory)`,
    observations: n,
    recordSeconds,
    recordPerSecond: n / recordSeconds,
    rssAfterRecordMiB,
    bytesOnDisk: log.bytesOnDisk,
    readSeconds,
    judgeSeconds: judged.seconds,
    peakRssMiB: peakRssMiB(),
    dropped: log.droppedTotal,
    verdicts: judged.verdicts,
  };
  await log.close();
  return result;
}

async function ndjsonVariant(dir: string): Promise<VariantResult> {
  const file = join(dir, 'observations.ndjson');
  const out = createWriteStream(file);
  let n = 0;
  const started = performance.now();
  for (const o of runVolume(volume)) {
    if (!out.write(`${JSON.stringify(o)}\n`)) await once(out, 'drain');
    n++;
  }
  out.end();
  await once(out, 'finish');
  const recordSeconds = (performance.now() - started) / 1000;
  const rssAfterRecordMiB = mib(process.memoryUsage().rss);
  const bytesOnDisk = (await stat(file)).size;
  // Read back into the same evidence observationsForJudging builds: stats into session counters, the rest kept.
  const readStarted = performance.now();
  const sessions = new SessionSpanBuilder();
  const kept: Observation[] = [];
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    const o = JSON.parse(line) as Observation;
    sessions.observe(o);
    if (o.kind !== 'rtsp.session.stats') kept.push(o);
  }
  const observations = withSessionSpans(kept, sessions.finish());
  const readSeconds = (performance.now() - readStarted) / 1000;
  const judged = judge(observations);
  await rm(file);
  return {
    variant: 'floor: NDJSON via fs stream',
    observations: n,
    recordSeconds,
    recordPerSecond: n / recordSeconds,
    rssAfterRecordMiB,
    bytesOnDisk,
    readSeconds,
    judgeSeconds: judged.seconds,
    peakRssMiB: peakRssMiB(),
    dropped: 0,
    verdicts: judged.verdicts,
  };
}

async function memoryVariant(): Promise<VariantResult> {
  // The log as it was: 2,000,000 entries, the oldest dropped.
  const log = new ObservationLog({ maxEntries: 2_000_000, memoryBudgetBytes: Number.POSITIVE_INFINITY });
  let n = 0;
  const started = performance.now();
  for (const o of runVolume(volume)) {
    log.record(o);
    n++;
  }
  const recordSeconds = (performance.now() - started) / 1000;
  const rssAfterRecordMiB = mib(process.memoryUsage().rss);
  const judged = judge(log.all());
  return {
    variant: 'old: in memory, 2,000,000 entries',
    observations: n,
    recordSeconds,
    recordPerSecond: n / recordSeconds,
    rssAfterRecordMiB,
    bytesOnDisk: 0,
    judgeSeconds: judged.seconds,
    peakRssMiB: peakRssMiB(),
    dropped: log.droppedTotal,
    verdicts: judged.verdicts,
  };
}

async function runOne(variant: string): Promise<void> {
  const dir = args.dir ?? (await mkdtemp(join(tmpdir(), 'camlab-bench-observations-')));
  try {
    const result =
      variant === 'spill'
        ? await spillVariant(dir)
        : variant === 'ndjson'
          ? await ndjsonVariant(dir)
          : variant === 'memory'
            ? await memoryVariant()
            : undefined;
    if (result === undefined) throw new Error(`--variants: unknown variant '${variant}' (spill, ndjson, memory)`);
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    if (args.dir === undefined) await rm(dir, { recursive: true, force: true });
  }
}

async function runInChild(variant: string): Promise<VariantResult> {
  const self = fileURLToPath(import.meta.url);
  const passOn = process.argv
    .slice(2)
    .filter((a, i, all) => !a.startsWith('--variants') && all[i - 1] !== '--variants');
  const child = spawn(process.execPath, ['--import', 'tsx', self, ...passOn, '--variant', variant], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (code !== 0 || line === undefined) throw new Error(`variant ${variant} exited with ${code}: ${stdout}`);
  return JSON.parse(line.slice('RESULT '.length)) as VariantResult;
}

if (args.variant !== undefined) await runOne(args.variant);
else {
  const variants = args.variants.split(',').map((v) => v.trim());
  console.log(
    `${volume.cameras} cameras for ${volume.hours} h: a stats sample per session per second, keep-alive every 30 s, ` +
      `PullMessages every 5 s from ${volume.pullPointShare * 100}% of cameras, ${volume.outagesPerCameraHour} outages per camera-hour`,
  );
  const results: VariantResult[] = [];
  for (const v of variants) results.push(await runInChild(v));
  const row = (cells: (string | number)[]) => console.log(cells.map((c) => String(c).padEnd(14)).join(' '));
  row([
    'variant',
    'observations',
    'record/s',
    'RSS rec MiB',
    'disk MiB',
    'read s',
    'judge s',
    'peak RSS MiB',
    'dropped',
  ]);
  for (const r of results)
    row([
      r.variant.slice(0, 14),
      r.observations,
      Math.round(r.recordPerSecond),
      r.rssAfterRecordMiB,
      mib(r.bytesOnDisk),
      r.readSeconds?.toFixed(1) ?? '-',
      r.judgeSeconds?.toFixed(1) ?? '-',
      r.peakRssMiB,
      r.dropped,
    ]);
  for (const r of results) console.log(`${r.variant}: verdicts ${JSON.stringify(r.verdicts)}`);
  console.log(JSON.stringify({ bench: 'observations', volume, memoryBudgetBytes, results }));
}
