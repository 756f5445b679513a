/**
 * Documents every XML reader on the wire must refuse: entity expansion, external entities, DTDs,
 * resource exhaustion and malformed markup. Each is a named case (what an attacker or a broken
 * client sends); readers may refuse for their own reason, but must not return a tree.
 */
export interface HostileXml {
  name: string;
  xml: string;
}

const SOAP = 'http://www.w3.org/2003/05/soap-envelope';
const env = (body: string): string => `<s:Envelope xmlns:s="${SOAP}"><s:Body>${body}</s:Body></s:Envelope>`;

function billionLaughs(): string {
  let dtd = '<!ENTITY lol0 "lol">';
  for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
  return `<?xml version="1.0"?><!DOCTYPE s:Envelope [${dtd}]>${env('<x>&lol9;</x>')}`;
}

export const HOSTILE_XML: HostileXml[] = [
  { name: 'billion laughs (nested internal entities)', xml: billionLaughs() },
  {
    name: 'external entity (file)',
    xml: `<!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${env('<x>&xxe;</x>')}`,
  },
  { name: 'external DTD', xml: `<!DOCTYPE s:Envelope SYSTEM "http://127.0.0.1:1/evil.dtd">${env('<x/>')}` },
  {
    name: 'parameter entity',
    xml: `<!DOCTYPE s:Envelope [<!ENTITY % p SYSTEM "http://127.0.0.1:1/p.dtd"> %p;]>${env('<x/>')}`,
  },
  { name: 'undefined entity without a DTD', xml: env('<x>&nbsp;</x>') },
  { name: 'deep nesting (10,000 levels)', xml: env(`${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`) },
  { name: 'too many elements (30,000 siblings)', xml: env(`<x>${'<a/>'.repeat(30_000)}</x>`) },
  { name: 'unbound element prefix', xml: env('<tds:GetDeviceInformation/>') },
  { name: 'unbound attribute prefix', xml: env('<x q:a="1"/>') },
  { name: 'mismatched end tag', xml: env('<a><b></a></b>') },
  { name: 'unclosed root', xml: `<s:Envelope xmlns:s="${SOAP}"><s:Body>` },
  { name: 'two roots', xml: `${env('<x/>')}${env('<y/>')}` },
  { name: 'text after the root', xml: `${env('<x/>')}trailing` },
  { name: 'unquoted attribute', xml: env('<x a=1/>') },
  { name: 'duplicate attribute', xml: env('<x a="1" a="2"/>') },
  { name: '< inside an attribute value', xml: env('<x a="<"/>') },
  { name: 'character reference to NUL', xml: env('<x>&#0;</x>') },
  { name: ']]> in text', xml: env('<x>a]]>b</x>') },
  { name: 'a second XML declaration', xml: `<?xml version="1.0"?><?xml version="1.0"?>${env('<x/>')}` },
  { name: 'empty document', xml: '' },
];
