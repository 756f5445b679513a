import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';
import { operationNamesSchema } from '../quantities.ts';

export const notImplemented500 = defineQuirk({
  id: 'not-implemented-500',
  title: 'HTTP 500 and a bare "not implemented" SOAP fault',
  wire: 'The listed operations answer HTTP 500 with a SOAP fault env:Receiver with no ONVIF subcode and the reason "Not Implemented", not ter:ActionNotSupported; a hub that keys on the subcode cannot tell "absent" from "failed".',
  reports: [
    {
      repo: 'home-assistant/core',
      issue: 74794,
      note: 'integration setup failed on the snapshot call\'s fault "The operation is not supported"',
    },
  ],
  schema: z
    .object({ operations: operationNamesSchema.min(1).default(['GetSnapshotUri', 'GetOSDs', 'GetImagingSettings']) })
    .strict(),
  hooks: ['onvifRequest'],
  create: ({ operations }) => {
    const set = new Set(operations);
    return {
      onvifRequest: (req) =>
        set.has(req.operation)
          ? { type: 'fault', httpStatus: 500, code: 'env:Receiver', subcode: undefined, reason: 'Not Implemented' }
          : undefined,
    };
  },
});
