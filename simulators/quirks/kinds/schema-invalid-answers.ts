import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';
import { operationNamesSchema } from '../quantities.ts';

export const schemaInvalidAnswers = defineQuirk({
  id: 'schema-invalid-answers',
  title: 'Well-formed answers that break the ONVIF schema',
  wire: 'The chosen operations (default GetDeviceInformation) answer well-formed XML with an element the schema does not allow at the start of the response (<…:VendorInfo> in the service namespace): lenient clients read on, schema-bound ones reject it.',
  reports: [],
  schema: z.object({ operations: operationNamesSchema.default(['GetDeviceInformation']) }).strict(),
  hooks: ['onvifResponse'],
  create: (params) => {
    const only = new Set(params.operations);
    return {
      onvifResponse(answer) {
        if (!only.has(answer.operation) || answer.fault !== undefined) return;
        answer.body = answer.body.replace(/(<(\w+):\w+Response>)/, '$1<$2:VendorInfo>camlab</$2:VendorInfo>');
      },
    };
  },
});
