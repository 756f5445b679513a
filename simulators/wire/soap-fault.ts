/** What a fault may carry beyond code and reason: env:Detail content and SOAP header blocks (WS-Addressing). */
export interface SoapFaultExtras {
  /** XML written inside env:Detail, e.g. a WS-BaseFault element (WS-BaseNotification faults). */
  detail?: string;
  /** Header blocks written into env:Header, e.g. the WS-Addressing fault Action and RelatesTo. */
  header?: string;
}

/**
 * A SOAP 1.2 fault that carries its HTTP status, as ONVIF Core's generic fault table gives it:
 * env:Sender faults travel with 400, env:Receiver and env:VersionMismatch with 500.
 */
export class SoapFault extends Error {
  constructor(
    readonly code: string,
    readonly subcode: string | undefined,
    readonly httpStatus: number,
    readonly reason: string,
    readonly extras: SoapFaultExtras = {},
  ) {
    super(`${code}${subcode === undefined ? '' : `/${subcode}`}: ${reason}`);
    this.name = 'SoapFault';
  }
}

export const faults = {
  wellFormed: (reason: string) => new SoapFault('env:Sender', 'ter:WellFormed', 400, reason),
  versionMismatch: (actual: string) =>
    new SoapFault(
      'env:VersionMismatch',
      undefined,
      500,
      `SOAP 1.2 envelope (http://www.w3.org/2003/05/soap-envelope) expected, got namespace '${actual}'`,
    ),
  tooLarge: (limitBytes: number) =>
    new SoapFault('env:Sender', 'ter:WellFormed', 413, `request body exceeds ${limitBytes} bytes`),
  notAuthorized: (reason: string) =>
    new SoapFault('env:Sender', 'ter:NotAuthorized', 400, `Sender not authorized: ${reason}`),
  actionNotSupported: (service: string, operation: string) =>
    new SoapFault(
      'env:Receiver',
      'ter:ActionNotSupported',
      500,
      `Optional action ${operation} is not implemented by the ${service} service`,
    ),
  invalidArgVal: (subcode: string, reason: string) =>
    new SoapFault('env:Sender', `ter:InvalidArgVal/ter:${subcode}`, 400, reason),
  invalidArgs: (reason: string) => new SoapFault('env:Sender', 'ter:InvalidArgs', 400, reason),
  operationProhibited: (subcode: string, reason: string) =>
    new SoapFault('env:Sender', `ter:OperationProhibited/ter:${subcode}`, 400, reason),
  action: (subcode: string, reason: string) => new SoapFault('env:Receiver', `ter:Action/ter:${subcode}`, 500, reason),
  mustUnderstand: (header: string) =>
    new SoapFault('env:MustUnderstand', undefined, 500, `header ${header} not understood`),
};
