import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const getCapabilitiesOnly = defineQuirk({
  id: 'get-capabilities-only',
  title: 'GetCapabilities only, no GetServices (pre-2.0 firmware)',
  wire: 'GetServices answers HTTP 500 env:Receiver ter:ActionNotSupported; the service addresses are only in GetCapabilities.',
  reports: [
    {
      repo: 'quatanium/python-onvif',
      issue: 30,
      note: 'Axis cameras do not implement GetServices; the client had to take service addresses from GetCapabilities',
    },
    {
      repo: 'yingchengpa/python-onvif2-zeep',
      issue: 5,
      note: 'camera models without GetServices made the client fail until it fell back to GetCapabilities',
    },
  ],
  schema: z.object({}).strict(),
  hooks: ['onvifRequest'],
  create: () => ({
    onvifRequest: (req) =>
      req.operation === 'GetServices'
        ? {
            type: 'fault',
            httpStatus: 500,
            code: 'env:Receiver',
            subcode: 'ter:ActionNotSupported',
            reason: 'Optional action GetServices is not implemented by the device service',
          }
        : undefined,
  }),
});
