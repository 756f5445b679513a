import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const media2SourceTokensDiffer = defineQuirk({
  id: 'media2-source-tokens-differ',
  title: 'Media2 profiles name video sources by other tokens than Media',
  wire: "Media2 GetProfiles gives each profile's video source configuration a SourceToken ('<token>-m2') that Media GetVideoSources never lists, as firmware implementing the two services apart does; optional Media2 operations clients add on top (GetVideoSourceConfigurations) answer HTTP 500 with an env:Receiver fault 'Not implemented'.",
  reports: [],
  schema: z.object({}).strict(),
  hooks: ['onvifRequest', 'onvifResponse'],
  create: () => ({
    onvifRequest: (req) => (req.service === 'media2' && req.operation === 'GetVideoSourceConfigurations' ? { type: 'fault', httpStatus: 500, code: 'env:Receiver', subcode: undefined, reason: 'Not implemented' } : undefined),
    onvifResponse(answer) {
      if (answer.service !== 'media2' || answer.operation !== 'GetProfiles' || answer.fault !== undefined) return;
      answer.body = answer.body.replace(/<(\w+:)?SourceToken>([^<]*)<\/\1SourceToken>/g, '<$1SourceToken>$2-m2</$1SourceToken>');
    },
  }),
});
