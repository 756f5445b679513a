import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openXmllintValidator, schemaValidationUnavailable, type SchemaValidator } from '../schema/schema-validator.ts';

// The official folder beside the checkout (tests only); a worktree sits one level deeper.
const WSDL = ['../../../../shared/onvif-wsdl', '../../../../../shared/onvif-wsdl']
  .map((p) => fileURLToPath(new URL(p, import.meta.url)))
  .find((p) => existsSync(p));
const missing =
  WSDL === undefined ? 'no ONVIF WSDL folder beside the checkout' : await schemaValidationUnavailable(WSDL);
if (missing !== undefined) console.log(`skipping the xmllint validation cases: ${missing}`);

const env = (body: string, ns = 'http://www.w3.org/2003/05/soap-envelope'): string =>
  `<?xml version="1.0" encoding="UTF-8"?><e:Envelope xmlns:e="${ns}" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:tev="http://www.onvif.org/ver10/events/wsdl"><e:Body>${body}</e:Body></e:Envelope>`;
const info = (inner: string): string => `<tds:GetDeviceInformationResponse>${inner}</tds:GetDeviceInformationResponse>`;
const complete =
  '<tds:Manufacturer>M</tds:Manufacturer><tds:Model>X</tds:Model><tds:FirmwareVersion>1</tds:FirmwareVersion><tds:SerialNumber>2</tds:SerialNumber><tds:HardwareId>3</tds:HardwareId>';

describe('schema validation: absent means NOT APPLICABLE with the reason', () => {
  it('names a folder that is not ONVIF’s', async () => {
    expect(await schemaValidationUnavailable(fileURLToPath(new URL('.', import.meta.url)))).toContain(
      'is not the ONVIF WSDL/XSD folder',
    );
  });
  it.skipIf(WSDL === undefined)('names a missing xmllint and how to install it', async () => {
    const saved = process.env.CAMLAB_XMLLINT;
    process.env.CAMLAB_XMLLINT = '/nonexistent/xmllint';
    try {
      expect(await schemaValidationUnavailable(WSDL!)).toContain('xmllint (libxml2) is not installed');
    } finally {
      if (saved === undefined) delete process.env.CAMLAB_XMLLINT;
      else process.env.CAMLAB_XMLLINT = saved;
    }
  });
});

describe.skipIf(missing !== undefined)('schema validation with xmllint against the official schemas', () => {
  let validator: SchemaValidator;
  beforeAll(async () => {
    validator = await openXmllintValidator(WSDL!);
  });
  afterAll(() => validator?.close());

  it('judges each operation by all its answers, SOAP 1.2 and 1.1, and lists event answers as not checked', async () => {
    const verdicts = await validator.validate([
      { operation: 'GetDeviceInformation', status: 200, text: env(info(complete)) },
      {
        operation: 'GetDeviceInformation',
        status: 200,
        text: env(info(complete), 'http://schemas.xmlsoap.org/soap/envelope/'),
      },
      { operation: 'GetProfiles', status: 200, text: env(info(complete).replace('<tds:Model>X</tds:Model>', '')) },
      { operation: 'GetScopes', status: 200, text: env(info(complete)).replace('</e:Envelope>', '') },
      { operation: 'PullMessages', status: 200, text: env('<tev:PullMessagesResponse/>') },
      { operation: 'GetServices', status: 401, text: 'authorization required' },
      { operation: 'GetScopes', status: 401, text: '<html><body>401 Unauthorized</body></html>' },
    ]);
    const by = Object.fromEntries(verdicts.map((v) => [v.operation, v]));
    expect(by.GetDeviceInformation).toMatchObject({ checked: true, valid: true, answers: 2 });
    expect(by.GetProfiles).toMatchObject({ checked: true, valid: false });
    expect(by.GetProfiles!.problem).toContain('Model');
    expect(by.GetScopes).toMatchObject({ checked: true, valid: false, answers: 1 });
    expect(by.PullMessages).toMatchObject({ checked: false });
    expect(by.PullMessages!.problem).toContain('not checked');
    // A plain-text or HTML 401 is not a SOAP answer: nothing to validate (GetScopes is judged by its 200 alone).
    expect(by.GetServices).toBeUndefined();
  });
});
