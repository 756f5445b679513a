import { ParseError } from '../../media/errors/parse-error.ts';

/**
 * A minimal XML reader for SOAP: elements, attributes, text, CDATA and comments. It refuses
 * DOCTYPE and every entity but the five predefined ones and character references, so entity
 * expansion and external entities are impossible by construction (nothing is ever resolved).
 * Pure: string in, element tree out, ParseError on anything else.
 */
export interface XmlElement {
  /** Qualified name as written, e.g. 's:Envelope'. */
  name: string;
  local: string;
  /** Namespace URI resolved from the xmlns declarations in scope ('' when none). */
  ns: string;
  attrs: Record<string, string> | undefined;
  children: XmlElement[];
  /** Text content directly inside this element, trimmed. */
  text: string;
}

export class XmlParseError extends ParseError {
  constructor(
    message: string,
    override readonly offset: number,
    /** 'dtd' when the document was refused for a DOCTYPE or entity declaration. */
    readonly reason: 'malformed' | 'dtd' | 'limit' = 'malformed',
  ) {
    super(`${message} at offset ${offset}`);
    this.name = 'XmlParseError';
  }
}

export const XML_MAX_DEPTH = 64;
export const XML_MAX_ELEMENTS = 20_000;
/** Namespace declarations in scope at once: bounds the walk of every prefix lookup. */
export const XML_MAX_NS_DECLARATIONS = 256;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c >= 0xc0;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7;
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** XML 1.0 §2.2 Char: a character reference to anything else (NUL, lone surrogates, U+FFFE) is not well-formed. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

function decodeEntities(raw: string, offset: number): string {
  if (raw.indexOf('&') < 0) return raw;
  let out = '';
  let i = 0;
  for (;;) {
    const amp = raw.indexOf('&', i);
    if (amp < 0) return out + raw.slice(i);
    out += raw.slice(i, amp);
    const semi = raw.indexOf(';', amp);
    if (semi < 0 || semi - amp > 12) throw new XmlParseError('unterminated entity reference', offset + amp);
    const ref = raw.slice(amp + 1, semi);
    if (ref.startsWith('#x')) {
      const code = Number.parseInt(ref.slice(2), 16);
      if (!/^[0-9a-fA-F]+$/.test(ref.slice(2)) || !isXmlChar(code))
        throw new XmlParseError(`bad character reference &${ref};`, offset + amp);
      out += String.fromCodePoint(code);
    } else if (ref.startsWith('#')) {
      const code = Number.parseInt(ref.slice(1), 10);
      if (!/^[0-9]+$/.test(ref.slice(1)) || !isXmlChar(code))
        throw new XmlParseError(`bad character reference &${ref};`, offset + amp);
      out += String.fromCodePoint(code);
    } else {
      const v = PREDEFINED[ref];
      if (v === undefined)
        throw new XmlParseError(`undefined entity &${ref}; (DTD entities are refused)`, offset + amp, 'dtd');
      out += v;
    }
    i = semi + 1;
  }
}

/** In-scope namespace declarations, innermost first: one node per xmlns attribute, nothing copied per element. */
interface NsScope {
  prefix: string;
  uri: string;
  outer: NsScope | undefined;
  depth: number;
}

const ROOT_SCOPE: NsScope = { prefix: 'xml', uri: XML_NS, outer: undefined, depth: 1 };

function lookupNs(scope: NsScope, prefix: string): string | undefined {
  for (let s: NsScope | undefined = scope; s !== undefined; s = s.outer) if (s.prefix === prefix) return s.uri;
  return undefined;
}

interface Frame {
  el: XmlElement;
  scope: NsScope;
  textParts: string[] | undefined;
}

/** End of the XML name starting at i (module-level, not a closure per parse: this runs per request). */
function nameEnd(src: string, i: number): number {
  if (i >= src.length || !isNameStart(src.charCodeAt(i))) throw new XmlParseError('expected a name', i);
  let j = i + 1;
  while (j < src.length && isNameChar(src.charCodeAt(j))) j++;
  return j;
}

function skipSpace(src: string, i: number): number {
  let j = i;
  while (j < src.length && isSpace(src.charCodeAt(j))) j++;
  return j;
}

export function parseXml(src: string): XmlElement {
  const n = src.length;
  const start = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  let i = start;
  const stack: Frame[] = [];
  let root: XmlElement | undefined;
  let elements = 0;

  while (i < n) {
    const lt = src.indexOf('<', i);
    const top = stack[stack.length - 1];
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const raw = src.slice(i, textEnd);
      if (top === undefined) {
        if (raw.trim() !== '') throw new XmlParseError('text outside the root element', i);
      } else {
        // XML 1.0 §2.4: "]]>" may not appear in content outside a CDATA section's end.
        if (raw.includes(']]>')) throw new XmlParseError('"]]>" in text', i + raw.indexOf(']]>'));
        (top.textParts ??= []).push(decodeEntities(raw, i));
      }
    }
    if (lt < 0) break;
    i = lt + 1;
    const c = src.charCodeAt(i);
    if (c === 63 /* ? */) {
      const end = src.indexOf('?>', i);
      if (end < 0) throw new XmlParseError('unterminated processing instruction', lt);
      // XML 1.0 §2.8: the declaration comes first or not at all (a client that sends two is broken).
      if (lt !== start && /^xml[\s?]/i.test(src.slice(i + 1, i + 5)))
        throw new XmlParseError('XML declaration not at the start of the document', lt);
      i = end + 2;
    } else if (c === 33 /* ! */) {
      if (src.startsWith('!--', i)) {
        const end = src.indexOf('-->', i + 3);
        if (end < 0) throw new XmlParseError('unterminated comment', lt);
        i = end + 3;
      } else if (src.startsWith('![CDATA[', i)) {
        if (top === undefined) throw new XmlParseError('CDATA outside the root element', lt);
        const end = src.indexOf(']]>', i + 8);
        if (end < 0) throw new XmlParseError('unterminated CDATA section', lt);
        (top.textParts ??= []).push(src.slice(i + 8, end));
        i = end + 3;
      } else if (/^!(DOCTYPE|ENTITY|ELEMENT|ATTLIST)/i.test(src.slice(i, i + 9))) {
        throw new XmlParseError('DOCTYPE and entity declarations are refused', lt, 'dtd');
      } else {
        throw new XmlParseError('unexpected markup', lt);
      }
    } else if (c === 47 /* / */) {
      i++;
      const nameAt = i;
      i = nameEnd(src, i);
      const name = src.slice(nameAt, i);
      i = skipSpace(src, i);
      if (src.charCodeAt(i) !== 62) throw new XmlParseError('expected > in end tag', i);
      i++;
      const frame = stack.pop();
      if (frame === undefined || frame.el.name !== name) {
        throw new XmlParseError(`end tag </${name}> does not match <${frame?.el.name ?? ''}>`, lt);
      }
      if (frame.textParts !== undefined) frame.el.text = frame.textParts.join('').trim();
    } else {
      if (root !== undefined && stack.length === 0) throw new XmlParseError('more than one root element', lt);
      if (stack.length >= XML_MAX_DEPTH)
        throw new XmlParseError(`elements nested deeper than ${XML_MAX_DEPTH}`, lt, 'limit');
      if (++elements > XML_MAX_ELEMENTS) throw new XmlParseError(`more than ${XML_MAX_ELEMENTS} elements`, lt, 'limit');
      const nameAt = i;
      i = nameEnd(src, i);
      const name = src.slice(nameAt, i);
      let attrs: Record<string, string> | undefined;
      let selfClosing = false;
      for (;;) {
        const before = i;
        i = skipSpace(src, i);
        if (i >= n) throw new XmlParseError('unterminated start tag', lt);
        const ch = src.charCodeAt(i);
        if (ch === 62) {
          i++;
          break;
        }
        if (ch === 47) {
          if (src.charCodeAt(i + 1) !== 62) throw new XmlParseError('expected /> ', i);
          i += 2;
          selfClosing = true;
          break;
        }
        if (before === i) throw new XmlParseError('expected whitespace before attribute', i);
        const attrAt = i;
        i = nameEnd(src, i);
        const attrName = src.slice(attrAt, i);
        i = skipSpace(src, i);
        if (src.charCodeAt(i) !== 61) throw new XmlParseError(`expected = after attribute ${attrName}`, i);
        i++;
        i = skipSpace(src, i);
        const q = src.charCodeAt(i);
        if (q !== 34 && q !== 39) throw new XmlParseError('expected a quoted attribute value', i);
        const end = src.indexOf(q === 34 ? '"' : "'", i + 1);
        if (end < 0) throw new XmlParseError('unterminated attribute value', i);
        const rawValue = src.slice(i + 1, end);
        if (rawValue.includes('<')) throw new XmlParseError('< in attribute value', i);
        attrs ??= {};
        if (attrName in attrs) throw new XmlParseError(`duplicate attribute ${attrName}`, i);
        attrs[attrName] = decodeEntities(rawValue, i + 1);
        i = end + 1;
      }
      let scope = top?.scope ?? ROOT_SCOPE;
      if (attrs !== undefined) {
        for (const key in attrs) {
          if (key === 'xmlns' || key.startsWith('xmlns:')) {
            if (scope.depth >= XML_MAX_NS_DECLARATIONS)
              throw new XmlParseError(
                `more than ${XML_MAX_NS_DECLARATIONS} namespace declarations in scope`,
                lt,
                'limit',
              );
            scope = {
              prefix: key === 'xmlns' ? '' : key.slice(6),
              uri: attrs[key]!,
              outer: scope,
              depth: scope.depth + 1,
            };
          }
        }
      }
      if (attrs !== undefined) {
        // Namespaces in XML §5: a prefixed attribute's prefix must be declared too.
        for (const key in attrs) {
          const c = key.indexOf(':');
          if (c > 0 && !key.startsWith('xmlns:') && lookupNs(scope, key.slice(0, c)) === undefined)
            throw new XmlParseError(`undeclared namespace prefix ${key.slice(0, c)} on attribute ${key}`, lt);
        }
      }
      const colon = name.indexOf(':');
      const prefix = colon < 0 ? '' : name.slice(0, colon);
      const local = colon < 0 ? name : name.slice(colon + 1);
      const ns = lookupNs(scope, prefix);
      if (ns === undefined && prefix !== '') throw new XmlParseError(`undeclared namespace prefix ${prefix}`, lt);
      const el: XmlElement = { name, local, ns: ns ?? '', attrs, children: [], text: '' };
      if (top !== undefined) top.el.children.push(el);
      else root = el;
      if (!selfClosing) stack.push({ el, scope, textParts: undefined });
    }
  }
  if (stack.length > 0) throw new XmlParseError(`unclosed element <${stack[stack.length - 1]!.el.name}>`, n);
  if (root === undefined) throw new XmlParseError('no root element', n);
  return root;
}

/** The first child with this local name (namespaces are checked where they matter, by the caller). */
export function child(el: XmlElement | undefined, local: string): XmlElement | undefined {
  if (el === undefined) return undefined;
  for (const c of el.children) if (c.local === local) return c;
  return undefined;
}

export function children(el: XmlElement | undefined, local: string): XmlElement[] {
  return el === undefined ? [] : el.children.filter((c) => c.local === local);
}

/** Text of the descendant along a path of local names, or undefined when any step is missing. */
export function textAt(el: XmlElement | undefined, ...path: string[]): string | undefined {
  let cur = el;
  for (const p of path) cur = child(cur, p);
  return cur?.text;
}

/** An attribute by local name (prefix ignored). */
export function attr(el: XmlElement | undefined, local: string): string | undefined {
  if (el?.attrs === undefined) return undefined;
  const direct = el.attrs[local];
  if (direct !== undefined) return direct;
  for (const key in el.attrs) if (key.endsWith(`:${local}`)) return el.attrs[key];
  return undefined;
}
