/** The fixed exit-code table of every camlab command (like k6's errext/exitcodes). */
export const ExitCode = {
  ok: 0,
  verdictFailed: 1,
  badInput: 2,
  infraError: 3,
  /** `camlab load`: a threshold failed on a stage camlab kept up with (k6's ThresholdsHaveFailed). */
  thresholdsFailed: 99,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Thrown by a command to end with a given exit code and one message for the user. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
