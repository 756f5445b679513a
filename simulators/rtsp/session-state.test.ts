import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nextSessionState } from './session-state.ts';
import type { SessionState, StateMethod } from './session-state.ts';
import { RtspError } from './rtsp-error.ts';

/** The model: RFC 2326 Appendix A.2 written as a table. */
const table: Record<Exclude<SessionState, 'closed'>, Record<StateMethod, SessionState | 455>> = {
  init: { SETUP: 'ready', PLAY: 455, PAUSE: 455, TEARDOWN: 'closed' },
  ready: { SETUP: 'ready', PLAY: 'playing', PAUSE: 'ready', TEARDOWN: 'closed' },
  playing: { SETUP: 455, PLAY: 'playing', PAUSE: 'ready', TEARDOWN: 'closed' },
};

interface Model {
  state: SessionState;
}
interface Real {
  state: SessionState;
}

class Step implements fc.Command<Model, Real> {
  constructor(readonly method: StateMethod) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    const expected = model.state === 'closed' ? 454 : table[model.state][this.method];
    let got: SessionState | number;
    try {
      got = nextSessionState(real.state, this.method);
      real.state = got;
    } catch (err) {
      if (!(err instanceof RtspError)) throw err;
      got = err.status;
    }
    expect(got).toBe(expected);
    if (typeof expected === 'string') model.state = expected;
  }
  toString(): string {
    return this.method;
  }
}

describe('session state machine', () => {
  it('follows RFC 2326 A.2 for any sequence of methods', () => {
    const commands = fc.constantFrom<StateMethod>('SETUP', 'PLAY', 'PAUSE', 'TEARDOWN').map((m) => new Step(m));
    fc.assert(
      fc.property(fc.commands([commands], { maxCommands: 40 }), (cmds) => {
        fc.modelRun(
          () => ({ model: { state: 'init' as SessionState }, real: { state: 'init' as SessionState } }),
          cmds,
        );
      }),
      { numRuns: 500 },
    );
  });
});
