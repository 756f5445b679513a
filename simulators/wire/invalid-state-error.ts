/** A call an object can no longer accept in its state: a server used after close(), a reply sent twice. */
export class InvalidStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidStateError';
  }
}
