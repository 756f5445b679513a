import { ParseError } from '../../media/errors/parse-error.ts';

/** One alternative of a Transport header (RFC 2326 §12.39). */
export interface TransportSpec {
  /** 'RTP/AVP' (UDP), 'RTP/AVP/UDP', 'RTP/AVP/TCP' or anything else a client offers. */
  protocol: string;
  unicast: boolean;
  multicast: boolean;
  interleaved?: readonly [number, number];
  clientPort?: readonly [number, number];
  mode?: string;
}

const MAX_ALTERNATIVES = 8;

function parsePair(name: string, value: string, max: number): readonly [number, number] {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(value);
  if (m === null) throw new ParseError(`${name} must be N or N-M, got ${JSON.stringify(value.slice(0, 32))}`);
  const a = Number(m[1]);
  const b = m[2] === undefined ? a + 1 : Number(m[2]);
  if (a > max || b > max) throw new ParseError(`${name} ${value} out of range 0-${max}`);
  return [a, b];
}

/** Parses every comma-separated alternative; throws ParseError on malformed parameters. */
export function parseTransportHeader(value: string): TransportSpec[] {
  const alternatives = value.split(',');
  if (alternatives.length > MAX_ALTERNATIVES)
    throw new ParseError(`${alternatives.length} transport alternatives exceed ${MAX_ALTERNATIVES}`);
  return alternatives.map((alt) => {
    const [protocol, ...params] = alt.trim().split(';');
    if (protocol === undefined || protocol === '') throw new ParseError('empty transport protocol');
    const spec: { -readonly [K in keyof TransportSpec]: TransportSpec[K] } = {
      protocol: protocol.toUpperCase(),
      unicast: false,
      multicast: false,
    };
    for (const param of params) {
      const eq = param.indexOf('=');
      const key = (eq < 0 ? param : param.slice(0, eq)).trim().toLowerCase();
      const v = eq < 0 ? '' : param.slice(eq + 1).trim();
      if (key === 'unicast') spec.unicast = true;
      else if (key === 'multicast') spec.multicast = true;
      else if (key === 'interleaved') spec.interleaved = parsePair(key, v, 255);
      else if (key === 'client_port') spec.clientPort = parsePair(key, v, 65_535);
      else if (key === 'mode') spec.mode = v.replaceAll('"', '').toUpperCase();
    }
    return spec;
  });
}

export interface ChosenTransport {
  transport: 'tcp' | 'udp';
  interleaved?: readonly [number, number];
  clientPort?: readonly [number, number];
}

/**
 * The first alternative the server supports: RTP/AVP/TCP (interleaved; channels assigned from
 * nextChannel when the client gave none) or unicast RTP/AVP over UDP with client_port.
 * Undefined means 461 Unsupported Transport.
 */
export function chooseTransport(specs: readonly TransportSpec[], nextChannel: number): ChosenTransport | undefined {
  for (const s of specs) {
    if (s.multicast) continue;
    if (s.mode !== undefined && s.mode !== 'PLAY') continue;
    if (s.protocol === 'RTP/AVP/TCP')
      return { transport: 'tcp', interleaved: s.interleaved ?? [nextChannel, nextChannel + 1] };
    if ((s.protocol === 'RTP/AVP' || s.protocol === 'RTP/AVP/UDP') && s.clientPort !== undefined)
      return { transport: 'udp', clientPort: s.clientPort };
  }
  return undefined;
}
