import { systemClock } from '../../simulators/clock/clock.ts';
import { connectShards, ShardSetError, type ConnectedShards } from '../runner/shards/connect-shards.ts';
import { CliError, ExitCode } from './exit-codes.ts';

/** `--shards URL,URL,...`: each an http(s) base URL of a shard's control API. */
export function shardsOption(value: string): string[] {
  const urls = value
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  if (urls.length === 0)
    throw new CliError('--shards expects URL,URL,... (one control API per shard)', ExitCode.badInput);
  for (const u of urls) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(u);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || !['http:', 'https:'].includes(parsed.protocol))
      throw new CliError(
        `--shards: '${u}' is not an http(s) URL such as http://camlab-sim-0.camlab-sim:8080`,
        ExitCode.badInput,
      );
  }
  if (new Set(urls).size !== urls.length)
    throw new CliError(`--shards names a shard twice: ${value}`, ExitCode.badInput);
  return urls;
}

/**
 * Connects to the shards before anything starts (the token from CAMLAB_API_TOKEN): unreachable or
 * out of step is exit 3, shards of another fleet exit 2.
 */
export async function connectShardsOption(urls: readonly string[]): Promise<ConnectedShards> {
  try {
    return await connectShards(urls, { token: process.env.CAMLAB_API_TOKEN || undefined, now: systemClock.now });
  } catch (err) {
    if (!(err instanceof ShardSetError)) throw err;
    throw new CliError(
      `cannot drive the shards, nothing was started:\n${err.message}`,
      err.reason === 'mismatch' ? ExitCode.badInput : ExitCode.infraError,
    );
  }
}

/** One line per shard: where it is, how many cameras it serves, its clock's offset. */
export function describeShards(shards: ConnectedShards): string[] {
  return shards.clients.map(
    (c, i) =>
      `shard ${i}/${shards.clients.length} at ${c.url}: ${shards.inventory.cameras.filter((x) => x.shard === i).length} cameras, clock offset ${Math.round(shards.clockOffsetsMs[i]!)} ms`,
  );
}
