import { RtspError } from './rtsp-error.ts';

/** RTSP session states of a single-track server (RFC 2326 Appendix A.2). */
export type SessionState = 'init' | 'ready' | 'playing' | 'closed';

/** Methods that change or need a session's state; others (OPTIONS, DESCRIBE, GET_PARAMETER...) never do. */
export type StateMethod = 'SETUP' | 'PLAY' | 'PAUSE' | 'TEARDOWN';

/**
 * The next state after `method` in `state`, or RtspError 455 when the method is not valid there.
 * SETUP while playing is refused: changing the transport of a running stream is optional in
 * RFC 2326 §10.4 and no client we serve relies on it.
 */
export function nextSessionState(state: SessionState, method: StateMethod): SessionState {
  if (state === 'closed') throw new RtspError(454, 'session is closed');
  switch (method) {
    case 'SETUP':
      if (state === 'playing') throw new RtspError(455, 'SETUP is not valid while playing');
      return 'ready';
    case 'PLAY':
      if (state === 'init') throw new RtspError(455, 'PLAY needs SETUP first');
      return 'playing';
    case 'PAUSE':
      if (state === 'init') throw new RtspError(455, 'PAUSE needs SETUP first');
      return 'ready';
    case 'TEARDOWN':
      return 'closed';
  }
}
