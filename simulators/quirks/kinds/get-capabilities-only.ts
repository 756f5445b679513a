import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const getCapabilitiesOnly = defineQuirk({
  id: 'get-capabilities-only',
  title: 'GetCapabilities only, no GetServices (pre-2.0 firmware)',
  wire: 'GetServices answers HTTP 500 env:Receiver ter:ActionNotSupported; the service addresses are only in GetCapabilities.',
  reports: [],
  schema: z.object({}).strict(),
  hooks: ['onvifRequest'],
  create: () => ({
    onvifRequest: (req) =>
      req.operation === 'GetServices'
        ? { type: 'fault', httpStatus: 500, code: 'env:Receiver', subcode: 'ter:ActionNotSupported', reason: 'Optional action GetServices is not implemented by the device service' }
        : undefined,
  }),
});
