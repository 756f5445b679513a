/**
 * The XPath subset a FindRecordings scope's RecordingInformationFilter may use here: tests on a
 * recording's tracks and source, combined with and, or, not() and parentheses, e.g.
 * `boolean(//Track[TrackType = "Video"]) and boolean(//Track[TrackType = "Audio"])` as the
 * Recording Search test specification writes them. Anything else is refused, never guessed.
 * Pure: text in, a predicate or a RecordingFilterError out.
 */

export interface FilterableRecording {
  source: Readonly<Record<SourceField, string>>;
  tracks: ReadonlyArray<Readonly<Record<TrackField, string>>>;
}

const TRACK_FIELDS = ['TrackToken', 'TrackType', 'Description'] as const;
const SOURCE_FIELDS = ['SourceId', 'Name', 'Location', 'Description', 'Address'] as const;
type TrackField = (typeof TRACK_FIELDS)[number];
type SourceField = (typeof SOURCE_FIELDS)[number];

export type RecordingPredicate = (r: FilterableRecording) => boolean;

/** Longest filter read (tt:XPathExpression has no bound; a hub's filters are a few dozen characters). */
export const RECORDING_FILTER_MAX_CHARS = 1024;

export class RecordingFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordingFilterError';
  }
}

type Token =
  { t: 'sym'; v: string; at: number } | { t: 'name'; v: string; at: number } | { t: 'str'; v: string; at: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
    else if (c === '/' && src[i + 1] === '/') {
      out.push({ t: 'sym', v: '//', at: i });
      i += 2;
    } else if ('()[]='.includes(c)) {
      out.push({ t: 'sym', v: c, at: i });
      i++;
    } else if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new RecordingFilterError(`unterminated string at ${i}`);
      out.push({ t: 'str', v: src.slice(i + 1, end), at: i });
      i = end + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /[\w.:-]/.test(src[j]!)) j++;
      out.push({ t: 'name', v: src.slice(i, j), at: i });
      i = j;
    } else throw new RecordingFilterError(`unexpected '${c}' at ${i}`);
  }
  return out;
}

/** Local name of a possibly prefixed name (tt:Track is Track). */
const local = (name: string): string => name.slice(name.indexOf(':') + 1);

export function parseRecordingFilter(src: string): RecordingPredicate {
  if (src.length > RECORDING_FILTER_MAX_CHARS)
    throw new RecordingFilterError(`filter is ${src.length} characters, at most ${RECORDING_FILTER_MAX_CHARS} read`);
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const expect = (v: string): void => {
    const tok = tokens[pos];
    if (tok === undefined || tok.t !== 'sym' || tok.v !== v)
      throw new RecordingFilterError(`expected '${v}' at ${tok?.at ?? src.length}`);
    pos++;
  };
  const name = (): string => {
    const tok = tokens[pos];
    if (tok === undefined || tok.t !== 'name')
      throw new RecordingFilterError(`expected a name at ${tok?.at ?? src.length}`);
    pos++;
    return tok.v;
  };

  // node test: //Track[Field = "v"] or //Source[Field = "v"]
  const nodeTest = (): RecordingPredicate => {
    expect('//');
    const node = local(name());
    expect('[');
    const field = local(name());
    expect('=');
    const tok = tokens[pos];
    if (tok === undefined || tok.t !== 'str')
      throw new RecordingFilterError(`expected a quoted value at ${tok?.at ?? src.length}`);
    pos++;
    expect(']');
    const value = tok.v;
    if (node === 'Track') {
      if (!(TRACK_FIELDS as readonly string[]).includes(field))
        throw new RecordingFilterError(`Track has no field ${field} here (${TRACK_FIELDS.join(', ')})`);
      const f = field as TrackField;
      return (r) => r.tracks.some((t) => t[f] === value);
    }
    if (node === 'Source') {
      if (!(SOURCE_FIELDS as readonly string[]).includes(field))
        throw new RecordingFilterError(`Source has no field ${field} here (${SOURCE_FIELDS.join(', ')})`);
      const f = field as SourceField;
      return (r) => r.source[f] === value;
    }
    throw new RecordingFilterError(`//${node} is not supported (//Track[...] and //Source[...] are)`);
  };

  const primary = (): RecordingPredicate => {
    const tok = peek();
    if (tok?.t === 'sym' && tok.v === '(') {
      pos++;
      const e = or();
      expect(')');
      return e;
    }
    if (tok?.t === 'sym' && tok.v === '//') return nodeTest();
    if (tok?.t === 'name' && (tok.v === 'boolean' || tok.v === 'not')) {
      pos++;
      expect('(');
      const inner = tokens[pos]?.t === 'sym' && tokens[pos]!.v === '//' ? nodeTest() : or();
      expect(')');
      return tok.v === 'not' ? (r) => !inner(r) : inner;
    }
    throw new RecordingFilterError(`expected boolean(...), not(...), //Track[...] or ( at ${tok?.at ?? src.length}`);
  };

  const and = (): RecordingPredicate => {
    let left = primary();
    while (peek()?.t === 'name' && peek()!.v === 'and') {
      pos++;
      const l = left;
      const r = primary();
      left = (x) => l(x) && r(x);
    }
    return left;
  };

  const or = (): RecordingPredicate => {
    let left = and();
    while (peek()?.t === 'name' && peek()!.v === 'or') {
      pos++;
      const l = left;
      const r = and();
      left = (x) => l(x) || r(x);
    }
    return left;
  };

  if (tokens.length === 0) throw new RecordingFilterError('empty filter');
  const predicate = or();
  if (pos < tokens.length) throw new RecordingFilterError(`unexpected '${tokens[pos]!.v}' at ${tokens[pos]!.at}`);
  return predicate;
}
