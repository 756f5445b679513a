import { ExitCode } from './exit-codes.ts';

/**
 * Two-stage Ctrl-C, as k6 does it: the first SIGINT (or SIGTERM) aborts `controller` so the run
 * stops within its deadline and still writes a partial report; a second one exits at once.
 * Returns the function that removes the handlers.
 */
export function installInterruptHandler(
  controller: AbortController,
  say: (line: string) => void,
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      say(`${signal} again: exiting now without a report`);
      exit(ExitCode.interrupted);
      return;
    }
    say(`${signal}: stopping the run and writing a partial report (press Ctrl-C again to exit at once)`);
    controller.abort(`${signal === 'SIGINT' ? 'Ctrl-C' : signal} received`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
