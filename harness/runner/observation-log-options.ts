import { defaultMemoryBudgetBytes, type ObservationLogOptions } from '../../simulators/observations/observation-log.ts';

/** The environment variables a user sets to place and bound a run's observations (see README, "Long runs"). */
export const spillDirVariable = 'CAMLAB_SPILL_DIR';
export const memoryBudgetVariable = 'CAMLAB_OBSERVATIONS_MEMORY_MB';

/**
 * How a run's observation log is bounded and where it spills: in memory up to
 * CAMLAB_OBSERVATIONS_MEMORY_MB (default 256), the rest in a folder of its own under
 * CAMLAB_SPILL_DIR, else under the run's work directory; removed when the run ends either way.
 */
export function observationLogOptions(env: NodeJS.ProcessEnv, workDir: string): ObservationLogOptions {
  const mb = env[memoryBudgetVariable];
  let memoryBudgetBytes = defaultMemoryBudgetBytes;
  if (mb !== undefined && mb !== '') {
    const n = Number(mb);
    if (!Number.isFinite(n) || n <= 0)
      throw new Error(`${memoryBudgetVariable}: expected a positive number of MiB, got '${mb}'`);
    memoryBudgetBytes = Math.round(n * 1024 * 1024);
  }
  const dir = env[spillDirVariable];
  return { memoryBudgetBytes, spillDir: dir !== undefined && dir !== '' ? dir : workDir };
}
