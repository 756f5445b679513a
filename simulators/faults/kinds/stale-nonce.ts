import { z } from 'zod';
import type { FaultHooks } from '../fault.ts';
import { defineFaultKind } from '../fault-kind.ts';
import { positiveDurationMsSchema } from '../quantities.ts';

const schema = z
  .object({
    /** How long a nonce stays fresh while the fault is on; any nonce older is answered stale. */
    lifetime: positiveDurationMsSchema.default(2_000),
  })
  .strict();

/** A camera whose digest nonces age fast (firmware with a short nonce lifetime, a clock step). */
class ShortNonceLifetime implements FaultHooks {
  constructor(private readonly lifetimeMs: number) {}
  nonceLifetimeMs(): number {
    return this.lifetimeMs;
  }
}

/**
 * The camera's digest nonces expire after `lifetime` (RTSP and ONVIF HTTP Digest alike): a
 * request with right credentials on an older nonce gets 401 with stale=true (RFC 7616 §3.3),
 * which a hub must answer by retrying with the new nonce, not by treating it as a wrong password.
 */
export const staleNonceFault = defineFaultKind({
  kind: 'stale-nonce',
  summary: 'digest nonces expire after `lifetime` (default 2s): right credentials on an older nonce get 401 stale=true',
  schema,
  create(cfg) {
    const hooks = new ShortNonceLifetime(cfg.lifetime);
    return { hooksFor: () => hooks, close: () => undefined };
  },
});
