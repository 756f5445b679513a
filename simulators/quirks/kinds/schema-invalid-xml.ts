import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';
import { operationMatcher, operationNamesSchema } from '../quantities.ts';

/** The response element and its first child's qualified name. */
const FIRST_CHILD_RE = /<env:Body><([\w.-]+:[\w.-]+)[^>]*>\s*<([\w.-]+):([\w.-]+)/;

export const schemaInvalidXml = defineQuirk({
  id: 'schema-invalid-xml',
  title: 'Answers not valid against the ONVIF schema',
  wire: "Answers of the listed operations (default GetDeviceInformation, GetProfiles) are well-formed, but the response's first child element is renamed (<tds:Manufacturer> becomes <tds:ManufacturerName>): the schema's required element is missing and an undeclared one stands in its place. A schema-checking client refuses it; a lenient one loses the field.",
  reports: [
    {
      repo: 'KoynovStas/onvif_srvd',
      issue: 39,
      note: 'every client failed decoding a GetProfiles answer carrying values the schema does not allow ("NAN" in Ranges)',
    },
    {
      repo: 'BigTonyTones/Tonys-Onvf-RTSP-Server',
      issue: 66,
      note: 'ONVIF Device Manager refused a well-formed GetProfiles answer with "Error in deserializing body"',
    },
  ],
  schema: z.object({ operations: operationNamesSchema.default(['GetDeviceInformation', 'GetProfiles']) }).strict(),
  hooks: ['onvifResponse'],
  create: ({ operations }) => {
    const applies = operationMatcher(operations);
    return {
      onvifResponse(answer) {
        if (answer.fault !== undefined || !applies(answer.operation)) return;
        const m = FIRST_CHILD_RE.exec(answer.body);
        if (m === null) return;
        const name = `${m[2]!}:${m[3]!}`;
        const open = answer.body.indexOf(`<${name}`, m.index);
        const close = answer.body.indexOf(`</${name}>`, open);
        const selfClosing = close < 0;
        let body = answer.body;
        if (!selfClosing) body = `${body.slice(0, close)}</${name}Name>${body.slice(close + name.length + 3)}`;
        answer.body = `${body.slice(0, open)}<${name}Name${body.slice(open + name.length + 1)}`;
      },
    };
  },
});
