import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HOSTILE_XML } from './bench/hostile-xml.ts';
import { loadSoapCorpus } from './bench/soap-corpus.ts';
import { type XmlReader, fastXmlParserReader, handWrittenReader } from './bench/xml-readers.ts';
import { type XmlElement, XmlParseError } from './xml-element.ts';

function read(reader: XmlReader, src: string): XmlElement | 'refused' {
  try {
    return reader(src);
  } catch {
    return 'refused';
  }
}

const normalised = (el: XmlElement): unknown => ({
  name: el.name,
  local: el.local,
  ns: el.ns,
  attrs: el.attrs ?? {},
  text: el.text,
  children: el.children.map(normalised),
});

describe('the hand-written XML reader against an independent one', () => {
  const corpus = loadSoapCorpus();

  it('agrees with fast-xml-parser (validator + namespace pass) on every captured ONVIF request: the same refusals, the same trees', () => {
    const disagreements: string[] = [];
    for (const src of corpus) {
      const ours = read(handWrittenReader, src);
      const theirs = read(fastXmlParserReader, src);
      const same =
        ours === 'refused' || theirs === 'refused'
          ? ours === theirs
          : isDeepStrictEqual(normalised(ours), normalised(theirs));
      if (!same)
        disagreements.push(
          `ours ${ours === 'refused' ? 'refused' : 'parsed'}, theirs ${theirs === 'refused' ? 'refused' : 'parsed'}: ${src.slice(0, 120)}`,
        );
    }
    expect(disagreements).toEqual([]);
    // Most of the corpus is well-formed; the bad-input tests' requests are what it refuses.
    expect(corpus.filter((src) => read(handWrittenReader, src) !== 'refused').length).toBeGreaterThan(
      corpus.length * 0.95,
    );
  });

  it.each(HOSTILE_XML)('refuses $name with an XmlParseError', ({ xml }) => {
    expect(() => handWrittenReader(xml)).toThrow(XmlParseError);
  });
});
