import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';
import { operationMatcher, operationNamesSchema } from '../quantities.ts';

export const malformedXml = defineQuirk({
  id: 'malformed-xml',
  title: 'Answers that are not well-formed XML',
  wire: 'Answers of the listed operations (default GetDeviceInformation, GetProfiles) carry a raw "&" in the body and lose their closing </env:Envelope> tag, as firmware that prints XML with printf and a fixed buffer does; no XML parser reads them.',
  reports: [
    {
      repo: 'ZoneMinder/zoneminder',
      issue: 3767,
      note: 'a GetStreamUri answer carried an unescaped "&" in the Uri; the probe crashed on the invalid XML',
    },
    {
      repo: 'quatanium/python-onvif',
      issue: 48,
      note: 'the client failed with "not well-formed (invalid token)" on a device\'s answer',
    },
  ],
  schema: z.object({ operations: operationNamesSchema.default(['GetDeviceInformation', 'GetProfiles']) }).strict(),
  hooks: ['onvifResponse'],
  create: ({ operations }) => {
    const applies = operationMatcher(operations);
    return {
      onvifResponse(answer) {
        if (!applies(answer.operation)) return;
        answer.body = answer.body.replace('<env:Body>', '<env:Body>R&D ').replace(/<\/env:Envelope>\s*$/, '');
      },
    };
  },
});
