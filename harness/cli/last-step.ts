/**
 * What the running command was last doing, for the one message a user gets when a command ends
 * without finishing (see run-guarded.ts). Commands note coarse steps: 'probe step rtsp.play'.
 */
let last = 'starting';

export function noteStep(what: string): void {
  last = what;
}

export function lastStep(): string {
  return last;
}
