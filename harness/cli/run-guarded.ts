import { ExitCode } from './exit-codes.ts';
import { lastStep } from './last-step.ts';

/**
 * Runs a command's main so that the process only ever exits with a code from the table in
 * exit-codes.ts. Node has its own codes for what a command must never do: 13 when a main's
 * promise can no longer settle (nothing left to wait for, yet no answer), 1 for an uncaught
 * exception (which would read as "a requirement failed"). Both become 3 with a message naming
 * the last step the command noted.
 */
export function runGuarded(
  main: () => Promise<number>,
  say: (line: string) => void = (line) => console.error(line),
): void {
  let settled = false;
  const infraError = (what: string): void => {
    say(`camlab: ${what} (last step: ${lastStep()}). This is a camlab bug; please report it with the command line.`);
    process.exitCode = ExitCode.infraError;
  };
  // Emitted only when the event loop is empty: a main still pending then can never settle.
  process.on('beforeExit', () => {
    if (settled) return;
    settled = true;
    infraError('the command stopped without finishing: nothing was left to wait for');
  });
  process.on('uncaughtException', (err) => {
    infraError(`internal error: ${err.stack ?? String(err)}`);
    process.exit(ExitCode.infraError);
  });
  main().then(
    (code) => {
      settled = true;
      process.exitCode = code;
    },
    (err: unknown) => {
      settled = true;
      infraError(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    },
  );
}
