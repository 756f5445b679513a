/**
 * The replay half of the recorder benchmark, runnable on its own:
 *
 *   node --import tsx simulators/recording/bench/replay.ts [--sessions 200] [--window-s 5] [--warmup-s 2] [--rounds 2] [--profile sub|main]
 *
 * Prints the comparison and ends with one JSON line; exits 1 when replay costs more than 1.2x live.
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { describeReplayBench, runReplayBench } from './replay-bench.ts';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '200' },
    'window-s': { type: 'string', default: '5' },
    'warmup-s': { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    profile: { type: 'string', default: 'main' },
  },
});
if (values.profile !== 'main' && values.profile !== 'sub')
  throw new Error(`--profile must be main or sub, got ${values.profile}`);
const result = await runReplayBench({
  sessions: Number(values.sessions),
  windowMs: Number(values['window-s']) * 1000,
  warmupMs: Number(values['warmup-s']) * 1000,
  rounds: Number(values.rounds),
  profile: values.profile,
});
for (const line of describeReplayBench(result)) console.log(line);
console.log(JSON.stringify({ loadAverage: loadavg().map((l) => Math.round(l * 10) / 10), replay: result }));
if (!result.met) process.exitCode = 1;
