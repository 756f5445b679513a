import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProbeAnswer } from '../probe-session.ts';

/** One operation's answers judged against the official schemas. */
export interface SchemaVerdict {
  operation: string;
  answers: number;
  /** False when no answer of this operation could be judged (no schema for its namespace). */
  checked: boolean;
  valid: boolean;
  /** Why not valid (the validator's first complaints) or why not checked; '' when valid. */
  problem: string;
}

export interface SchemaValidator {
  /** For evidence: which schemas, which validator. */
  describe(): string;
  /** Validates every SOAP answer (and every HTTP 200, which should have been one), grouped by operation. */
  validate(answers: readonly ProbeAnswer[]): Promise<SchemaVerdict[]>;
  close(): Promise<void>;
}

const STANDINS = fileURLToPath(new URL('./xsd', import.meta.url));

/** Schemas onvif.xsd imports by URL, which the official folder does not hold: camlab's small stand-ins. */
const EXTERNAL: Record<string, string> = {
  'https://www.w3.org/2005/05/xmlmime': 'xmlmime.xsd',
  'https://www.w3.org/2003/05/soap-envelope': 'soap12-envelope.xsd',
  'http://docs.oasis-open.org/wsn/b-2.xsd': 'wsn-b-2.xsd',
  'https://www.w3.org/2004/08/xop/include': 'xop-include.xsd',
};

/**
 * The services whose answers the probe validates. The event service's schema imports
 * WS-Addressing and WS-BaseNotification, which the ONVIF folder does not contain, so event
 * answers are listed as not checked rather than judged against a guess.
 */
const SERVICES = [
  { file: 'ver10/device/wsdl/devicemgmt.wsdl', ns: 'http://www.onvif.org/ver10/device/wsdl' },
  { file: 'ver10/media/wsdl/media.wsdl', ns: 'http://www.onvif.org/ver10/media/wsdl' },
  { file: 'ver20/media/wsdl/media.wsdl', ns: 'http://www.onvif.org/ver20/media/wsdl' },
  { file: 'ver20/ptz/wsdl/ptz.wsdl', ns: 'http://www.onvif.org/ver20/ptz/wsdl' },
] as const;

/**
 * libxml2 enforces Unique Particle Attribution, which ONVIF's repeated extension points (an
 * optional element beside an unbounded ##any or ##targetNamespace wildcard) break. The copies
 * validated against narrow those wildcards to ##other: an extension in another namespace still
 * validates, an unknown element in ONVIF's own namespace does not.
 */
function relaxWildcards(xsd: string): string {
  return xsd.replace(
    /<xs:any namespace="##(?:any|targetNamespace)"( processContents="lax" minOccurs="0" maxOccurs="unbounded")/g,
    '<xs:any namespace="##other"$1',
  );
}

/** The xmllint binary: CAMLAB_XMLLINT, else xmllint on the PATH. */
export function xmllintCommand(): string {
  return process.env.CAMLAB_XMLLINT ?? 'xmllint';
}

function run(
  cmd: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; stderr: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024, timeout: timeoutMs }, (err, _out, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
      resolve({ code, stderr, missing: err !== null && err.code === 'ENOENT' });
    });
  });
}

/** Why schema validation cannot run here, or undefined when it can: the folder must be ONVIF's and xmllint present. */
export async function schemaValidationUnavailable(dir: string): Promise<string | undefined> {
  if (!existsSync(join(dir, 'ver10/schema/onvif.xsd')))
    return `${dir} is not the ONVIF WSDL/XSD folder (no ver10/schema/onvif.xsd in it)`;
  const version = await run(xmllintCommand(), ['--version'], 10_000);
  if (version.missing)
    return `the schema validator xmllint (libxml2) is not installed: install libxml2-utils (Debian, Ubuntu) or libxml2, or set CAMLAB_XMLLINT`;
  if (version.code !== 0) return `${xmllintCommand()} --version failed: ${version.stderr.trim().split('\n')[0] ?? ''}`;
  if (!/Schemas/.test(version.stderr)) return `${xmllintCommand()} was built without XML Schema support`;
  return undefined;
}

/**
 * Validates answers with xmllint (libxml2) against the official ONVIF schemas in `dir`: a temp
 * folder holds onvif.xsd and common.xsd (extension wildcards relaxed, external imports pointed at
 * camlab's stand-ins), each service WSDL's inline schema, and one wrapper importing them all with
 * both SOAP envelopes. Each answer is validated whole, so its Body content is checked strictly.
 */
export async function openXmllintValidator(dir: string): Promise<SchemaValidator> {
  const work = await mkdtemp(join(tmpdir(), 'camlab-probe-schemas-'));
  try {
    await writeFile(
      join(work, 'common.xsd'),
      relaxWildcards(await readFile(join(dir, 'ver10/schema/common.xsd'), 'utf8')),
    );
    let onvif = relaxWildcards(await readFile(join(dir, 'ver10/schema/onvif.xsd'), 'utf8'));
    for (const [url, local] of Object.entries(EXTERNAL))
      onvif = onvif.replace(`schemaLocation="${url}"`, `schemaLocation="${join(STANDINS, local)}"`);
    await writeFile(join(work, 'onvif.xsd'), onvif);
    const imports = [
      `<xs:import namespace="http://www.w3.org/2003/05/soap-envelope" schemaLocation="${join(STANDINS, 'soap12-envelope.xsd')}"/>`,
      `<xs:import namespace="http://schemas.xmlsoap.org/soap/envelope/" schemaLocation="${join(STANDINS, 'soap11-envelope.xsd')}"/>`,
    ];
    for (const [i, s] of SERVICES.entries()) {
      const wsdl = await readFile(join(dir, s.file), 'utf8');
      const defsTag = /<wsdl:definitions\b[^>]*>/.exec(wsdl)?.[0] ?? '';
      const start = wsdl.indexOf('<xs:schema');
      const end = wsdl.indexOf('</xs:schema>');
      if (start < 0 || end < 0) throw new Error(`${s.file}: no inline xs:schema`);
      let schema = relaxWildcards(wsdl.slice(start, end + '</xs:schema>'.length));
      const schemaTag = /<xs:schema\b[^>]*>/.exec(schema)![0];
      // The inline schema uses prefixes declared on wsdl:definitions; standalone it needs them itself.
      const extra = [...defsTag.matchAll(/\sxmlns:([A-Za-z0-9]+)="([^"]*)"/g)]
        .filter(([, p]) => !schemaTag.includes(`xmlns:${p}=`))
        .map(([, p, uri]) => ` xmlns:${p}="${uri}"`)
        .join('');
      schema = schema
        .replace(schemaTag, schemaTag.replace('<xs:schema', `<xs:schema${extra}`))
        .replace(/schemaLocation="[^"]*onvif\.xsd"/, `schemaLocation="${join(work, 'onvif.xsd')}"`);
      const file = join(work, `service-${i}.xsd`);
      await writeFile(file, `<?xml version="1.0" encoding="UTF-8"?>\n${schema}\n`);
      imports.push(`<xs:import namespace="${s.ns}" schemaLocation="${file}"/>`);
    }
    await writeFile(
      join(work, 'all.xsd'),
      `<?xml version="1.0" encoding="UTF-8"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:camlab:probe:schemas" elementFormDefault="qualified">\n${imports.join('\n')}\n</xs:schema>\n`,
    );
  } catch (err) {
    await rm(work, { recursive: true, force: true });
    throw err;
  }
  return new XmllintValidator(dir, work);
}

const covered = new Set<string>(SERVICES.map((s) => s.ns));

class XmllintValidator implements SchemaValidator {
  private closed = false;
  private batch = 0;
  constructor(
    private readonly dir: string,
    private readonly work: string,
  ) {}

  describe(): string {
    return `the ONVIF schemas in ${this.dir} (xmllint)`;
  }

  async validate(answers: readonly ProbeAnswer[]): Promise<SchemaVerdict[]> {
    // An HTTP-level refusal (a 401 page) is not a SOAP answer; a success, or anything claiming to be an envelope, is.
    const judged = answers.filter((a) => a.status === 200 || /<(?:[\w.-]+:)?Envelope\b/.test(a.text));
    const batch = this.batch++;
    const docs = judged.map((a, i) => ({
      answer: a,
      file: join(this.work, `answer-${batch}-${i}.xml`),
      outOfScope: outOfScope(a.text),
    }));
    const checked = docs.filter((d) => d.outOfScope === undefined);
    await Promise.all(checked.map((d) => writeFile(d.file, d.answer.text)));
    const out =
      checked.length === 0
        ? { stderr: '', code: 0, missing: false }
        : await run(
            xmllintCommand(),
            ['--noout', '--nonet', '--schema', join(this.work, 'all.xsd'), ...checked.map((d) => d.file)],
            60_000,
          );
    if (out.missing) throw new Error(`${xmllintCommand()} not found`);
    if (checked.length > 0 && !out.stderr.includes(' validates') && !out.stderr.includes('fails to validate'))
      throw new Error(`xmllint could not compile the schemas: ${out.stderr.trim().split('\n').slice(0, 3).join(' ')}`);
    await Promise.all(checked.map((d) => rm(d.file, { force: true })));
    const lines = out.stderr.split('\n');
    const byOperation = new Map<string, SchemaVerdict>();
    for (const d of docs) {
      const v = byOperation.get(d.answer.operation) ?? {
        operation: d.answer.operation,
        answers: 0,
        checked: false,
        valid: true,
        problem: '',
      };
      byOperation.set(d.answer.operation, v);
      if (d.outOfScope !== undefined) {
        if (!v.checked) v.problem = `not checked: the ONVIF folder has no schema for ${d.outOfScope} answers`;
        continue;
      }
      if (!v.checked) v.problem = '';
      v.checked = true;
      v.answers++;
      const mine = lines.filter((l) => l.startsWith(`${d.file}:`) || l.startsWith(`${d.file} `));
      if (mine.includes(`${d.file} validates`)) continue;
      v.valid = false;
      if (v.problem === '') {
        const why = mine
          .filter((l) => !l.endsWith('fails to validate'))
          .map((l) =>
            l
              .slice(d.file.length + 1)
              .replace(/\s+/g, ' ')
              .trim(),
          );
        v.problem = `${d.answer.operation} (HTTP ${d.answer.status}): ${why.slice(0, 2).join('; ').slice(0, 400) || 'not valid'}`;
      }
    }
    return [...byOperation.values()];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await rm(this.work, { recursive: true, force: true });
  }
}

/** Why an answer is not judged: its payload's namespace has no schema in the folder (events). Undefined when it is judged. */
function outOfScope(text: string): string | undefined {
  const body = /<(?:[\w.-]+:)?Body\b[^>]*>\s*<([\w.-]+:)?([\w.-]+)\b([^>]*)>/.exec(text);
  if (body === null) return undefined;
  const prefix = body[1]?.slice(0, -1);
  const declared = new RegExp(`xmlns${prefix === undefined ? '' : `:${prefix}`}="([^"]+)"`);
  const uri = declared.exec(body[3] ?? '')?.[1] ?? declared.exec(text)?.[1];
  if (uri === undefined || covered.has(uri) || uri.includes('soap-envelope') || uri.includes('soap/envelope'))
    return undefined;
  return uri;
}
