import { soapEnvelope, type SoapSecurity } from './soap-envelope.ts';

export interface SoapReply {
  status: number;
  text: string;
  /** The fault subcode or reason, when the device answered with a SOAP fault. */
  fault?: string;
}

const maxReplyChars = 1_000_000;

/** One SOAP request to a device service; network errors throw, SOAP faults are returned. */
export async function soapCall(url: string, body: string, security: SoapSecurity, timeoutMs: number): Promise<SoapReply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
    body: soapEnvelope(body, security, Date.now()),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = (await res.text()).slice(0, maxReplyChars);
  const fault = /<(?:\w+:)?Fault\b/.test(text) ? (/<(?:\w+:)?Subcode>[\s\S]*?<(?:\w+:)?Value>([^<]+)</.exec(text)?.[1] ?? /<(?:\w+:)?Text[^>]*>([^<]+)</.exec(text)?.[1] ?? 'SOAP fault') : undefined;
  return { status: res.status, text, ...(fault !== undefined ? { fault } : {}) };
}

/** A device refuses a request when it answers 401/403, or 400/500 with ter:NotAuthorized or another sender fault. */
export function refused(reply: SoapReply): boolean {
  return reply.status === 401 || reply.status === 403 || (reply.status >= 400 && reply.fault !== undefined);
}
