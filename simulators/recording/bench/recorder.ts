/**
 * `npm run bench:recorder`: the recorder half of camlab measured beside its peers in the same run.
 * Search (rec-soap): FindRecordings + GetRecordingSearchResults over 10,000 recordings, p99 under
 * 50 ms at 20 concurrent searches, against the same search over a plain in-memory array.
 * Replay (rec-replay): 200 concurrent replay sessions cost at most 1.2x a live session per
 * delivered frame (server process CPU time per frame the readers got), live sessions of the same
 * cameras being the peer, measured in the same run.
 * Prints a summary per part and ends with one JSON line; exits 1 when a target is missed.
 *
 *   npm run bench:recorder -- [--part search,replay] [--recordings 10000] [--concurrency 20] [--searches 2000]
 *                             [--replay-sessions 200] [--replay-window-s 5] [--replay-rounds 2] [--replay-profile main|sub]
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { type SearchBenchResult, runSearchBench } from './search-bench.ts';
import { type ReplayBenchResult, describeReplayBench, runReplayBench } from './replay-bench.ts';

const { values } = parseArgs({
  options: {
    part: { type: 'string', default: 'all' },
    recordings: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '20' },
    searches: { type: 'string', default: '2000' },
    'replay-sessions': { type: 'string', default: '200' },
    'replay-window-s': { type: 'string', default: '5' },
    'replay-rounds': { type: 'string', default: '2' },
    'replay-profile': { type: 'string', default: 'main' },
  },
});

const parts = values.part === 'all' ? ['search', 'replay'] : values.part.split(',');
const report: { loadAverage: number[]; search?: SearchBenchResult; replay?: ReplayBenchResult } = {
  loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
};
let missed = false;

if (parts.includes('search')) {
  const r = await runSearchBench({
    recordings: Number(values.recordings),
    concurrency: Number(values.concurrency),
    searches: Number(values.searches),
  });
  report.search = r;
  missed ||= !r.p99UnderTarget;
  console.log(
    `search over ${r.recordings} recordings, ${r.concurrency} concurrent (FindRecordings + GetRecordingSearchResults, timed):`,
  );
  for (const [name, s] of [
    ['camlab (OnvifServer + RecordingCatalog)', r.camlab],
    ['floor (node:http + plain array)', r.floor],
  ] as const) {
    console.log(
      `  ${name.padEnd(40)} p50 ${s.p50Ms} ms  p99 ${s.p99Ms} ms  max ${s.maxMs} ms  ${s.searchesPerSecond} searches/s  ${s.cpuUsPerSearch} µs server CPU/search  (${s.searches} searches)`,
    );
  }
  console.log(
    `  p99 ratio camlab/floor ${r.p99Ratio}, CPU ratio ${r.cpuRatio}; target p99 < ${r.p99TargetMs} ms: ${r.p99UnderTarget ? 'met' : 'MISSED'}` +
      (r.floor.p99Ms >= r.p99TargetMs
        ? ` (the floor misses it too: the machine's load, average ${report.loadAverage[0]}, sets the latency)`
        : ''),
  );
}

if (parts.includes('replay')) {
  const profile = values['replay-profile'];
  if (profile !== 'main' && profile !== 'sub') throw new Error(`--replay-profile must be main or sub, got ${profile}`);
  const r = await runReplayBench({
    sessions: Number(values['replay-sessions']),
    windowMs: Number(values['replay-window-s']) * 1000,
    warmupMs: 2000,
    rounds: Number(values['replay-rounds']),
    profile,
  });
  report.replay = r;
  missed ||= !r.met;
  for (const line of describeReplayBench(r)) console.log(line);
}

console.log(JSON.stringify(report));
if (missed) process.exitCode = 1;
