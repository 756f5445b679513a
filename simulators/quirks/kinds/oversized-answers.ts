import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';
import { operationMatcher, operationNamesSchema } from '../quantities.ts';

export const oversizedAnswers = defineQuirk({
  id: 'oversized-answers',
  title: 'Oversized ONVIF answers',
  wire: 'Answers of the listed operations (default GetProfiles, GetCapabilities, GetEventProperties) are padded to at least `bytes` (default 2 MiB) with an XML comment after the body, still well-formed and valid; a hub with a small response buffer or a slow parser chokes.',
  reports: [
    {
      repo: 'onvif/specs',
      issue: 225,
      note: 'GetProfiles answers grow huge when analytics rules are attached to every profile',
    },
    {
      repo: 'cdavis-code/easy_onvif_workspace',
      issue: 10,
      note: 'GetProfiles failed with "Connection closed before full header was received"; the answer was too large for the client',
    },
  ],
  schema: z
    .object({
      bytes: z
        .number()
        .int()
        .min(1024)
        .max(64 * 1024 * 1024)
        .default(2 * 1024 * 1024),
      operations: operationNamesSchema.default(['GetProfiles', 'GetCapabilities', 'GetEventProperties']),
    })
    .strict(),
  hooks: ['onvifResponse'],
  create: ({ bytes, operations }) => {
    const applies = operationMatcher(operations);
    let padding = '';
    return {
      onvifResponse(answer) {
        if (!applies(answer.operation) || answer.body.length >= bytes) return;
        const missing = bytes - answer.body.length - '<!---->'.length;
        // One padding string per quirk instance, cut to size: answers differ in length only by their own body.
        if (padding.length < missing) padding = ' '.repeat(missing);
        answer.body = `${answer.body}<!--${padding.slice(0, missing)}-->`;
      },
    };
  },
});
