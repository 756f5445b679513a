import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { XML_MAX_DEPTH, XML_MAX_ELEMENTS, type XmlElement, parseXml } from '../xml-element.ts';

/**
 * The XML readers the wire kit was measured against (simulators/wire/README.md), each giving the
 * hand-written reader's XmlElement tree or throwing. Each adapter does what the server would
 * have to do with that library: namespaces resolved to URIs, text trimmed, DTDs and entities
 * off, the same depth and element limits. saxes is optional (not a dependency): install it with
 * `npm install --no-save saxes` to measure it.
 */
export type XmlReader = (src: string) => XmlElement;

export class Refused extends Error {}

function checkLimits(depth: number, elements: number): void {
  if (depth > XML_MAX_DEPTH) throw new Refused(`deeper than ${XML_MAX_DEPTH}`);
  if (elements > XML_MAX_ELEMENTS) throw new Refused(`more than ${XML_MAX_ELEMENTS} elements`);
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** fast-xml-parser with processEntities off leaves references raw: the five and character references are ours to decode. */
function decodeReferences(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (all, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const v = PREDEFINED[ref];
    if (v === undefined) throw new Refused(`undefined entity ${all}`);
    return v;
  });
}

type FxpNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const fxp = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
});

/** fast-xml-parser 5: XMLValidator for strictness, XMLParser for the tree, then a namespace pass of our own (it resolves none). */
export const fastXmlParserReader: XmlReader = (src) => {
  if (/<!(DOCTYPE|ENTITY)/i.test(src)) throw new Refused('DOCTYPE refused');
  const valid = XMLValidator.validate(src);
  if (valid !== true) throw new Refused(valid.err.msg);
  const top = fxp.parse(src) as FxpNode[];
  let elements = 0;
  const build = (node: FxpNode, scope: Map<string, string>, depth: number): XmlElement => {
    checkLimits(depth, ++elements);
    const name = Object.keys(node).find((k) => k !== ':@')!;
    const rawAttrs = node[':@'];
    let attrs: Record<string, string> | undefined;
    let inner = scope;
    if (rawAttrs !== undefined) {
      attrs = {};
      for (const [k, v] of Object.entries(rawAttrs)) {
        const value = decodeReferences(v);
        attrs[k] = value;
        if (k === 'xmlns' || k.startsWith('xmlns:')) {
          if (inner === scope) inner = new Map(scope);
          inner.set(k === 'xmlns' ? '' : k.slice(6), value);
        }
      }
    }
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    const ns = inner.get(prefix);
    if (ns === undefined && prefix !== '') throw new Refused(`unbound prefix ${prefix}`);
    const el: XmlElement = {
      name,
      local: colon < 0 ? name : name.slice(colon + 1),
      ns: ns ?? '',
      attrs,
      children: [],
      text: '',
    };
    let text = '';
    for (const c of node[name] as FxpNode[]) {
      if ('#text' in c) text += decodeReferences(String(c['#text']));
      else if ('#cdata' in c) text += (c['#cdata'] as Array<{ '#text': string }>).map((t) => t['#text']).join('');
      else if (!('#comment' in c)) el.children.push(build(c, inner, depth + 1));
    }
    el.text = text.trim();
    return el;
  };
  const roots = top.filter((n) => !('#comment' in n));
  if (roots.length !== 1) throw new Refused(`${roots.length} root elements`);
  return build(roots[0]!, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), 1);
};

interface SaxesTag {
  name: string;
  local: string;
  uri: string;
  attributes: Record<string, { value: string }>;
  isSelfClosing: boolean;
}
interface SaxesLike {
  on(event: string, handler: (arg: never) => void): void;
  write(chunk: string): SaxesLike;
  close(): SaxesLike;
}
type SaxesCtor = new (opts: { xmlns: true; position: boolean }) => SaxesLike;

/** saxes 6 (strict, namespace-aware) building the same tree; undefined where it is not installed. */
export async function loadSaxesReader(): Promise<XmlReader | undefined> {
  let SaxesParser: SaxesCtor;
  try {
    ({ SaxesParser } = (await import('saxes' as string)) as { SaxesParser: SaxesCtor });
  } catch {
    return undefined;
  }
  return (src) => {
    const parser = new SaxesParser({ xmlns: true, position: false });
    const stack: Array<{ el: XmlElement; text: string }> = [];
    let root: XmlElement | undefined;
    let elements = 0;
    parser.on('doctype', () => {
      throw new Refused('DOCTYPE refused');
    });
    parser.on('error', (err: Error) => {
      throw err;
    });
    parser.on('opentag', (tag: SaxesTag) => {
      checkLimits(stack.length + 1, ++elements);
      let attrs: Record<string, string> | undefined;
      for (const k in tag.attributes) (attrs ??= {})[k] = tag.attributes[k]!.value;
      const el: XmlElement = { name: tag.name, local: tag.local, ns: tag.uri, attrs, children: [], text: '' };
      const top = stack[stack.length - 1];
      if (top !== undefined) top.el.children.push(el);
      else root = el;
      stack.push({ el, text: '' });
    });
    const onText = (t: string): void => {
      const top = stack[stack.length - 1];
      if (top !== undefined) top.text += t;
    };
    parser.on('text', onText);
    parser.on('cdata', onText);
    parser.on('closetag', () => {
      const frame = stack.pop()!;
      frame.el.text = frame.text.trim();
    });
    parser.write(src).close();
    if (root === undefined) throw new Refused('no root element');
    return root;
  };
}

export const handWrittenReader: XmlReader = parseXml;
