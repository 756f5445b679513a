import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';
import { operationNamesSchema } from '../quantities.ts';

/** Optional operations cheap firmware leaves out most often (imaging, OSD, snapshot URI, audio). */
const DEFAULT_OPERATIONS = [
  'GetSnapshotUri',
  'GetOSDs',
  'GetOSDOptions',
  'GetImagingSettings',
  'GetOptions',
  'GetMoveOptions',
  'GetAudioSources',
  'GetAudioEncoderConfigurations',
  'GetVideoAnalyticsConfigurations',
];

export const optionalActionNotSupported = defineQuirk({
  id: 'optional-action-not-supported',
  title: 'Optional operations answered with ActionNotSupported',
  wire: 'The listed operations (default: snapshot URI, OSD, imaging, audio, analytics) answer HTTP 500 env:Receiver ter:ActionNotSupported although the service is offered; a hub that treats any fault as "camera broken" drops the camera.',
  reports: [
    {
      repo: 'caspermeijn/onvifviewer',
      issue: 5,
      note: 'connecting failed outright on "Optional Action Not Implemented" for an optional operation',
    },
    {
      repo: 'koush/scrypted',
      issue: 942,
      note: 'the ONVIF plugin\'s event listener kept restarting on "Optional Action Not Implemented"',
    },
  ],
  schema: z.object({ operations: operationNamesSchema.min(1).default(DEFAULT_OPERATIONS) }).strict(),
  hooks: ['onvifRequest'],
  create: ({ operations }) => {
    const set = new Set(operations);
    return {
      onvifRequest: (req) =>
        set.has(req.operation)
          ? {
              type: 'fault',
              httpStatus: 500,
              code: 'env:Receiver',
              subcode: 'ter:ActionNotSupported',
              reason: `Optional action ${req.operation} is not implemented by the ${req.service} service`,
            }
          : undefined,
    };
  },
});
