import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';
import { operationNamesSchema } from '../quantities.ts';

export const malformedXml = defineQuirk({
  id: 'malformed-xml',
  title: 'Answers that are not well-formed XML',
  wire: 'The chosen operations (default: every one; `service` narrows them to one service, e.g. media2) answer 200 with an envelope whose last closing tag is cut off and a bare ampersand in it, as firmware that prints XML with printf does.',
  reports: [],
  schema: z.object({ operations: operationNamesSchema.default([]), service: z.enum(['device', 'media', 'media2', 'ptz', 'events', 'imaging', 'deviceio']).optional() }).strict(),
  hooks: ['onvifResponse'],
  create: (params) => {
    const only = new Set(params.operations);
    return {
      onvifResponse(answer) {
        if ((only.size > 0 && !only.has(answer.operation)) || (params.service !== undefined && answer.service !== params.service)) return;
        answer.body = answer.body.replace(/<\/(\w+:)?Envelope>\s*$/, '').replace(/<(\w+:)?Body>/, '<$1Body>R&D ');
      },
    };
  },
});
