import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NS } from '../../wire/soap-writer.ts';
import { EXTERNAL_SCHEMAS, OnvifWsdlFixture, WSDL_ROOT } from './onvif-wsdl-fixture.ts';

const WSA_NS = 'http://www.w3.org/2005/08/addressing';

/** The wrapper schema for events answers: event.wsdl's inline schema, onvif.xsd, and local stand-ins for the OASIS schemas. */
async function writeEventSchemas(wsdl: OnvifWsdlFixture): Promise<string> {
  const wsn = fileURLToPath(new URL('./fixtures/wsn', import.meta.url));
  const src = await readFile(join(WSDL_ROOT, 'ver10/events/wsdl/event.wsdl'), 'utf8');
  let schema = src.slice(src.indexOf('<xs:schema'), src.indexOf('</xs:schema>') + '</xs:schema>'.length);
  schema = schema.replace(
    '<xs:schema',
    `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tev="${NS.tev}" xmlns:wsa="${WSA_NS}"`,
  );
  schema = schema
    .replace(
      'schemaLocation="http://www.w3.org/2005/08/addressing/ws-addr.xsd"',
      `schemaLocation="${join(wsn, 'ws-addr.xsd')}"`,
    )
    .replace('schemaLocation="http://docs.oasis-open.org/wsn/t-1.xsd"', `schemaLocation="${join(wsn, 't-1.xsd')}"`)
    .replace('schemaLocation="http://docs.oasis-open.org/wsn/b-2.xsd"', `schemaLocation="${join(wsn, 'b-2.xsd')}"`);
  const events = join(wsdl.dir, 'events.xsd');
  await writeFile(events, `<?xml version="1.0" encoding="UTF-8"?>\n${schema}\n`);
  const wrapper = join(wsdl.dir, 'events-all.xsd');
  // WS-BaseNotification first: onvif.xsd's smaller stand-in for the same namespace is then skipped.
  const imports = [
    `<xs:import namespace="${NS.wsnt}" schemaLocation="${join(wsn, 'b-2.xsd')}"/>`,
    `<xs:import namespace="${NS.env}" schemaLocation="${EXTERNAL_SCHEMAS['https://www.w3.org/2003/05/soap-envelope']!}"/>`,
    `<xs:import namespace="${NS.tt}" schemaLocation="${join(wsdl.dir, 'onvif.xsd')}"/>`,
    `<xs:import namespace="${NS.tev}" schemaLocation="${events}"/>`,
  ];
  await writeFile(
    wrapper,
    `<?xml version="1.0" encoding="UTF-8"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:camlab:test:events" elementFormDefault="qualified">\n${imports.join('\n')}\n</xs:schema>\n`,
  );
  return wrapper;
}

/** Documents that do not validate against the events wrapper schema, as 'name: xmllint output'. */
export async function eventSchemaFailures(docs: ReadonlyArray<{ name: string; xml: string }>): Promise<string[]> {
  const wsdl = await OnvifWsdlFixture.create();
  try {
    const wrapper = await writeEventSchemas(wsdl);
    const files = docs.map((_, i) => join(wsdl.dir, `event-doc-${i}.xml`));
    await Promise.all(docs.map((d, i) => writeFile(files[i]!, d.xml)));
    const stderr = await new Promise<string>((resolve) =>
      execFile(
        'xmllint',
        ['--noout', '--nonet', '--schema', wrapper, ...files],
        { maxBuffer: 16 * 1024 * 1024 },
        (_e, _o, err) => resolve(err),
      ),
    );
    const lines = stderr.split('\n');
    return docs.flatMap((d, i) =>
      lines.includes(`${files[i]!} validates`)
        ? []
        : [`${d.name}: ${lines.filter((l) => l.startsWith(files[i]!)).join('\n')}`],
    );
  } finally {
    await wsdl.close();
  }
}
