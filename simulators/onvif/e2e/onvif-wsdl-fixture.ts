import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The official WSDLs and schemas: tests only (a user's checkout has no ../shared). */
/** CAMLAB_ONVIF_WSDL points elsewhere, for checkouts not beside ../shared (git worktrees). */
export const WSDL_ROOT =
  process.env.CAMLAB_ONVIF_WSDL ?? fileURLToPath(new URL('../../../../shared/onvif-wsdl', import.meta.url));
const STANDINS = fileURLToPath(new URL('./fixtures/xsd', import.meta.url));

/** External schemas onvif.xsd imports by URL, mapped to the local stand-ins. */
export const EXTERNAL_SCHEMAS: Record<string, string> = {
  'https://www.w3.org/2005/05/xmlmime': join(STANDINS, 'xmlmime.xsd'),
  'https://www.w3.org/2003/05/soap-envelope': join(STANDINS, 'soap-envelope.xsd'),
  'http://docs.oasis-open.org/wsn/b-2.xsd': join(STANDINS, 'wsn-b-2.xsd'),
  'https://www.w3.org/2004/08/xop/include': join(STANDINS, 'xop-include.xsd'),
};

export const SERVICE_WSDLS = {
  device: {
    file: 'ver10/device/wsdl/devicemgmt.wsdl',
    ns: 'http://www.onvif.org/ver10/device/wsdl',
    prefix: 'tds',
    binding: 'DeviceBinding',
  },
  media: {
    file: 'ver10/media/wsdl/media.wsdl',
    ns: 'http://www.onvif.org/ver10/media/wsdl',
    prefix: 'trt',
    binding: 'MediaBinding',
  },
  media2: {
    file: 'ver20/media/wsdl/media.wsdl',
    ns: 'http://www.onvif.org/ver20/media/wsdl',
    prefix: 'tr2',
    binding: 'Media2Binding',
  },
  ptz: {
    file: 'ver20/ptz/wsdl/ptz.wsdl',
    ns: 'http://www.onvif.org/ver20/ptz/wsdl',
    prefix: 'tptz',
    binding: 'PTZBinding',
  },
  imaging: {
    file: 'ver20/imaging/wsdl/imaging.wsdl',
    ns: 'http://www.onvif.org/ver20/imaging/wsdl',
    prefix: 'timg',
    binding: 'ImagingBinding',
  },
  deviceio: {
    file: 'ver10/deviceio.wsdl',
    ns: 'http://www.onvif.org/ver10/deviceIO/wsdl',
    prefix: 'tmd',
    binding: 'DeviceIOBinding',
  },
  recording: {
    file: 'ver10/recording.wsdl',
    ns: 'http://www.onvif.org/ver10/recording/wsdl',
    prefix: 'trc',
    binding: 'RecordingBinding',
  },
  search: {
    file: 'ver10/search.wsdl',
    ns: 'http://www.onvif.org/ver10/search/wsdl',
    prefix: 'tse',
    binding: 'SearchBinding',
  },
  replay: {
    file: 'ver10/replay.wsdl',
    ns: 'http://www.onvif.org/ver10/replay/wsdl',
    prefix: 'trp',
    binding: 'ReplayBinding',
  },
} as const;
export type WsdlService = keyof typeof SERVICE_WSDLS;

export const wsdlAvailable = existsSync(join(WSDL_ROOT, 'ver10/schema/onvif.xsd'));

export function xmllintAvailable(): Promise<boolean> {
  return new Promise((resolve) => execFile('xmllint', ['--version'], (err) => resolve(err === null)));
}

/**
 * libxml2 enforces Unique Particle Attribution, which ONVIF's repeated extension points (an
 * optional element beside an unbounded ##any or ##targetNamespace wildcard) break. The copies
 * used for validation narrow those wildcards to ##other; the simulator emits no extensions, so
 * nothing it sends is judged differently.
 */
function relaxWildcards(xsd: string): string {
  return xsd.replace(
    /<xs:any namespace="##(?:any|targetNamespace)"( processContents="lax" minOccurs="0" maxOccurs="unbounded")/g,
    '<xs:any namespace="##other"$1',
  );
}

/**
 * A temp dir holding: per service, a WSDL that imports the official one and adds the
 * wsdl:service node-soap needs (ONVIF WSDLs declare bindings only); and a schema set for
 * xmllint (onvif.xsd with local stand-ins, each WSDL's inline schema, one wrapper importing all).
 */
export class OnvifWsdlFixture {
  private constructor(readonly dir: string) {}

  static async create(): Promise<OnvifWsdlFixture> {
    const fx = new OnvifWsdlFixture(await mkdtemp(join(tmpdir(), 'camlab-onvif-wsdl-')));
    await fx.writeSchemas();
    return fx;
  }

  /** node-soap's hook for imports: external URLs go to the stand-ins. */
  static overrideImportLocation(location: string): string {
    return EXTERNAL_SCHEMAS[location] ?? location;
  }

  async serviceWsdl(service: WsdlService, endpoint: string): Promise<string> {
    const s = SERVICE_WSDLS[service];
    // One file per endpoint: node-soap caches parsed WSDLs by path.
    const path = join(this.dir, `${service}-${new URL(endpoint).host.replace(/[:.]/g, '_')}.wsdl`);
    await writeFile(
      path,
      `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:${s.prefix}="${s.ns}" targetNamespace="${s.ns}">
  <wsdl:import namespace="${s.ns}" location="${join(WSDL_ROOT, s.file)}"/>
  <wsdl:service name="${s.binding}Service"><wsdl:port name="${s.binding}Port" binding="${s.prefix}:${s.binding}"><soap12:address location="${endpoint}"/></wsdl:port></wsdl:service>
</wsdl:definitions>
`,
    );
    return path;
  }

  get wrapperXsd(): string {
    return join(this.dir, 'all-services.xsd');
  }

  private async writeSchemas(): Promise<void> {
    const common = relaxWildcards(await readFile(join(WSDL_ROOT, 'ver10/schema/common.xsd'), 'utf8'));
    await writeFile(join(this.dir, 'common.xsd'), common);
    let onvif = relaxWildcards(await readFile(join(WSDL_ROOT, 'ver10/schema/onvif.xsd'), 'utf8'));
    for (const [url, local] of Object.entries(EXTERNAL_SCHEMAS))
      onvif = onvif.replace(`schemaLocation="${url}"`, `schemaLocation="${local}"`);
    await writeFile(join(this.dir, 'onvif.xsd'), onvif);
    const imports: string[] = [
      `<xs:import namespace="http://www.w3.org/2003/05/soap-envelope" schemaLocation="${EXTERNAL_SCHEMAS['https://www.w3.org/2003/05/soap-envelope']}"/>`,
    ];
    for (const [name, s] of Object.entries(SERVICE_WSDLS)) {
      const wsdl = await readFile(join(WSDL_ROOT, s.file), 'utf8');
      const defsTag = /<wsdl:definitions\b[^>]*>/.exec(wsdl)![0];
      const nsDecls = [...defsTag.matchAll(/\sxmlns:([A-Za-z0-9]+)="([^"]*)"/g)];
      const start = wsdl.indexOf('<xs:schema');
      const end = wsdl.indexOf('</xs:schema>') + '</xs:schema>'.length;
      let schema = relaxWildcards(wsdl.slice(start, end));
      const schemaTag = /<xs:schema\b[^>]*>/.exec(schema)![0];
      const extra = nsDecls
        .filter(([, p]) => !schemaTag.includes(`xmlns:${p}=`))
        .map(([, p, uri]) => ` xmlns:${p}="${uri}"`)
        .join('');
      schema = schema.replace(schemaTag, schemaTag.replace('<xs:schema', `<xs:schema${extra}`));
      schema = schema.replace(/schemaLocation="[^"]*onvif\.xsd"/, `schemaLocation="${join(this.dir, 'onvif.xsd')}"`);
      const file = join(this.dir, `${name}.xsd`);
      await writeFile(file, `<?xml version="1.0" encoding="UTF-8"?>\n${schema}\n`);
      imports.push(`<xs:import namespace="${s.ns}" schemaLocation="${file}"/>`);
    }
    await writeFile(
      this.wrapperXsd,
      `<?xml version="1.0" encoding="UTF-8"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:camlab:test:all" elementFormDefault="qualified">\n${imports.join('\n')}\n</xs:schema>\n`,
    );
  }

  /** Validates documents with one xmllint run against the wrapper schema; returns xmllint's verdict per document. */
  async validate(
    docs: ReadonlyArray<{ name: string; xml: string }>,
  ): Promise<Array<{ name: string; ok: boolean; output: string }>> {
    const files = docs.map((_, i) => join(this.dir, `doc-${i}.xml`));
    await Promise.all(docs.map((d, i) => writeFile(files[i]!, d.xml)));
    const stderr = await new Promise<string>((resolve) =>
      execFile(
        'xmllint',
        ['--noout', '--nonet', '--schema', this.wrapperXsd, ...files],
        { maxBuffer: 16 * 1024 * 1024 },
        (_err, _out, err) => resolve(err),
      ),
    );
    const lines = stderr.split('\n');
    return docs.map((d, i) => {
      const mine = lines.filter((l) => l.startsWith(`${files[i]!}:`) || l.startsWith(`${files[i]!} `));
      return { name: d.name, ok: mine.includes(`${files[i]!} validates`), output: mine.join('\n') };
    });
  }

  async close(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
