import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XmlParseError, attr, child, parseXml, textAt } from './xml-element.ts';

const valid: Array<{ name: string; xml: string; check: (root: ReturnType<typeof parseXml>) => void }> = [
  {
    name: 'namespaces resolve through prefixes and defaults',
    xml: '<s:E xmlns:s="urn:s"><s:B><Op xmlns="urn:op"><y>1</y></Op></s:B></s:E>',
    check: (r) => {
      expect(r).toMatchObject({ local: 'E', ns: 'urn:s' });
      const op = child(child(r, 'B'), 'Op')!;
      expect(op.ns).toBe('urn:op');
      expect(child(op, 'y')!.ns).toBe('urn:op');
    },
  },
  {
    name: 'predefined entities and character references',
    xml: '<a>x &amp; &lt;y&gt; &#65;&#x42; &quot;&apos;</a>',
    check: (r) => expect(r.text).toBe('x & <y> AB "\''),
  },
  {
    name: 'CDATA is literal',
    xml: '<a><![CDATA[<not> &markup;]]></a>',
    check: (r) => expect(r.text).toBe('<not> &markup;'),
  },
  {
    name: 'comments, declaration and PIs are skipped',
    xml: '<?xml version="1.0"?><!-- c --><a><?pi x?><b/><!-- d --></a>',
    check: (r) => expect(r.children.map((c) => c.name)).toEqual(['b']),
  },
  {
    name: 'attributes by local name, either quote',
    xml: `<a x:t="1" xmlns:x="urn:x" u='2 &amp; 3'/>`,
    check: (r) => expect([attr(r, 't'), attr(r, 'u')]).toEqual(['1', '2 & 3']),
  },
  {
    name: 'text trimmed, path lookup',
    xml: '<a>\n  <b> <c>  deep </c> </b></a>',
    check: (r) => expect(textAt(r, 'b', 'c')).toBe('deep'),
  },
  {
    name: 'inner declarations shadow outer ones only inside their element',
    xml: '<a xmlns:p="urn:1" xmlns="urn:d"><p:b xmlns:p="urn:2"><p:x/></p:b><p:c/><e xmlns=""/></a>',
    check: (r) =>
      expect([r.ns, ...r.children.map((c) => c.ns), r.children[0]!.children[0]!.ns]).toEqual([
        'urn:d',
        'urn:2',
        'urn:1',
        '',
        'urn:2',
      ]),
  },
  { name: 'BOM allowed', xml: '\ufeff<a/>', check: (r) => expect(r.name).toBe('a') },
];

const invalid: Array<{ name: string; xml: string; reason: 'malformed' | 'dtd' | 'limit' }> = [
  { name: 'mismatched end tag', xml: '<a><b></a>', reason: 'malformed' },
  { name: 'unclosed element', xml: '<a><b></b>', reason: 'malformed' },
  { name: 'two roots', xml: '<a/><b/>', reason: 'malformed' },
  { name: 'text outside root', xml: 'x<a/>', reason: 'malformed' },
  { name: 'empty', xml: '', reason: 'malformed' },
  { name: 'duplicate attribute', xml: '<a x="1" x="2"/>', reason: 'malformed' },
  { name: 'undeclared prefix', xml: '<p:a/>', reason: 'malformed' },
  { name: 'DOCTYPE', xml: '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', reason: 'dtd' },
  { name: 'lower-case doctype', xml: '<!doctype a><a/>', reason: 'dtd' },
  { name: 'undefined entity', xml: '<a>&xxe;</a>', reason: 'dtd' },
  { name: 'unterminated comment', xml: '<a><!-- </a>', reason: 'malformed' },
  { name: 'depth bomb', xml: `${'<a>'.repeat(100)}${'</a>'.repeat(100)}`, reason: 'limit' },
  { name: '< in attribute', xml: '<a x="<"/>', reason: 'malformed' },
  {
    name: 'namespace declaration bomb',
    xml: `<a ${Array.from({ length: 300 }, (_, k) => `xmlns:p${k}="urn:${k}"`).join(' ')}/>`,
    reason: 'limit',
  },
];

describe('parseXml', () => {
  it.each(valid)('$name', ({ xml, check }) => check(parseXml(xml)));

  it.each(invalid)('refuses $name ($reason)', ({ xml, reason }) => {
    let err: unknown;
    try {
      parseXml(xml);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(XmlParseError);
    expect((err as XmlParseError).reason).toBe(reason);
  });

  it('gives an element tree or an XmlParseError for any input, never another error', () => {
    const seeds = [...valid.map((v) => v.xml), ...invalid.map((v) => v.xml)];
    const arb = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc
        .constantFrom(...seeds)
        .chain((s) =>
          fc
            .tuple(fc.nat(s.length), fc.nat(s.length), fc.string({ maxLength: 5 }))
            .map(([i, j, ins]) => s.slice(0, Math.min(i, j)) + ins + s.slice(Math.max(i, j))),
        ),
    );
    fc.assert(
      fc.property(arb, (src) => {
        try {
          const root = parseXml(src);
          expect(typeof root.local).toBe('string');
        } catch (err) {
          expect(err).toBeInstanceOf(XmlParseError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips escaped text', () => {
    const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    fc.assert(
      fc.property(
        fc
          .string({ maxLength: 100 })
          .filter((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/.test(s)),
        (s) => {
          expect(parseXml(`<a>${escape(s)}</a>`).text).toBe(s.trim());
        },
      ),
    );
  });
});
