import { request } from 'node:http';
import type { Clock } from '../clock/clock.ts';

/** A consumer gets this long to take a Notify and answer before the delivery counts as failed. */
export const NOTIFY_TIMEOUT_MS = 5_000;
/** Bytes of a consumer's answer read at most (the body is ignored; this only bounds a chatty one). */
const REPLY_MAX_BYTES = 64 * 1024;

const BIND_ERRORS: ReadonlySet<string> = new Set(['EADDRNOTAVAIL', 'EINVAL', 'EAFNOSUPPORT']);

export type NotifyOutcome =
  { delivered: true; httpStatus: number } | { delivered: false; httpStatus?: number; error: string };

export interface PostNotifyOptions {
  /** The camera's own address: the consumer sees the Notify come from the device, as on a real network. */
  localAddress: string | undefined;
  clock: Clock;
  timeoutMs?: number;
  signal: AbortSignal;
}

/**
 * POSTs one SOAP 1.2 Notify on a fresh connection (WS-BaseNotification push; cameras do not
 * keep consumer connections open). 2xx is delivered; anything else, a refused or reset
 * connection, a timeout on the clock or an abort is a failure with its reason. Never rejects.
 */
export function postNotify(url: string, body: string, opts: PostNotifyOptions): Promise<NotifyOutcome> {
  return attempt(url, body, opts, opts.localAddress).then((outcome) =>
    // Where the process cannot send from the camera's address (a port-per-camera fleet on a
    // routable interface, an IPv6 consumer), it sends from the host's address rather than not at all.
    !outcome.delivered && BIND_ERRORS.has(outcome.error) && opts.localAddress !== undefined
      ? attempt(url, body, opts, undefined)
      : outcome,
  );
}

function attempt(
  url: string,
  body: string,
  opts: PostNotifyOptions,
  localAddress: string | undefined,
): Promise<NotifyOutcome> {
  return new Promise((resolve) => {
    if (opts.signal.aborted) {
      resolve({ delivered: false, error: 'subscription ended' });
      return;
    }
    const u = new URL(url);
    let settled = false;
    const finish = (outcome: NotifyOutcome): void => {
      if (settled) return;
      settled = true;
      timer.cancel();
      opts.signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const req = request(
      {
        host: u.hostname,
        port: u.port === '' ? 80 : Number(u.port),
        path: `${u.pathname}${u.search}`,
        method: 'POST',
        agent: false,
        ...(localAddress === undefined ? {} : { localAddress }),
        headers: {
          'Content-Type':
            'application/soap+xml; charset=utf-8; action="http://docs.oasis-open.org/wsn/bw-2/NotificationConsumer/Notify"',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > REPLY_MAX_BYTES) res.destroy();
        });
        res.on('close', () => {
          const status = res.statusCode ?? 0;
          finish(
            status >= 200 && status < 300
              ? { delivered: true, httpStatus: status }
              : { delivered: false, httpStatus: status, error: `consumer answered HTTP ${status}` },
          );
        });
      },
    );
    const timer = opts.clock.setTimeout(() => {
      finish({ delivered: false, error: `no answer within ${opts.timeoutMs ?? NOTIFY_TIMEOUT_MS} ms` });
      req.destroy();
    }, opts.timeoutMs ?? NOTIFY_TIMEOUT_MS);
    const onAbort = (): void => {
      finish({ delivered: false, error: 'subscription ended' });
      req.destroy();
    };
    opts.signal.addEventListener('abort', onAbort);
    req.on('error', (err: NodeJS.ErrnoException) => finish({ delivered: false, error: err.code ?? err.message }));
    req.end(body);
  });
}
