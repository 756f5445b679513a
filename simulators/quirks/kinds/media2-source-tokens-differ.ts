import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const media2SourceTokensDiffer = defineQuirk({
  id: 'media2-source-tokens-differ',
  title: 'Media2 profiles name video sources by other tokens than Media',
  wire: "Media2 GetProfiles gives each profile's video source configuration a SourceToken ('<token>-m2') that Media GetVideoSources never lists, as firmware implementing the two services apart does. The onvif npm client (0.8) throws inside its connect on it and never calls back.",
  reports: [],
  schema: z.object({}).strict(),
  hooks: ['onvifResponse'],
  create: () => ({
    onvifResponse(answer) {
      if (answer.service !== 'media2' || answer.operation !== 'GetProfiles' || answer.fault !== undefined) return;
      answer.body = answer.body.replace(
        /<(\w+:)?SourceToken>([^<]*)<\/\1SourceToken>/g,
        '<$1SourceToken>$2-m2</$1SourceToken>',
      );
    },
  }),
});
