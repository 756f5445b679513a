import { bench, describe } from 'vitest';
import { loadSoapCorpus } from './bench/soap-corpus.ts';
import { type XmlReader, fastXmlParserReader, handWrittenReader, loadSaxesReader } from './bench/xml-readers.ts';

/**
 * One pass over every well-formed SOAP request the ONVIF tests send (the captured corpus), by the
 * hand-written reader and by the libraries it was measured against, each building the same
 * namespace-resolved tree. saxes is measured only where it is installed (`npm install --no-save
 * saxes`): it is not a dependency.
 */
const corpus = loadSoapCorpus();
const saxes = await loadSaxesReader();
if (saxes === undefined)
  console.warn('xml-element.bench: saxes is not installed (npm install --no-save saxes), measuring without it');
const parses = (read: XmlReader, src: string): boolean => {
  try {
    read(src);
    return true;
  } catch {
    return false;
  }
};
const wellFormed = corpus.filter((src) => parses(handWrittenReader, src));
let sink = 0;
const pass = (read: XmlReader) => (): void => {
  for (const src of wellFormed) sink += read(src).children.length;
};

describe(`parse ${wellFormed.length} captured SOAP requests`, () => {
  bench('hand-written (xml-element.ts)', pass(handWrittenReader));
  if (saxes !== undefined) bench('saxes 6, xmlns: true', pass(saxes));
  bench('fast-xml-parser 5 + XMLValidator + namespace pass', pass(fastXmlParserReader));
});

process.on('exit', () => {
  if (sink < 0) console.log(sink);
});
