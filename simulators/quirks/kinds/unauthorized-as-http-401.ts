import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const unauthorizedAsHttp401 = defineQuirk({
  id: 'unauthorized-as-http-401',
  title: 'HTTP 401 where a SOAP fault is expected',
  wire: 'A refused WS-UsernameToken (which ONVIF answers with HTTP 400 and a ter:NotAuthorized SOAP fault) gets a bare HTTP 401 with a text/html page and no SOAP body.',
  reports: [
    {
      repo: 'agsh/onvif',
      issue: 178,
      note: 'Hikvision and Fuluva cameras answered an unauthenticated GetSystemDateAndTime with HTTP 401 and "Unauthorized"; the library matched the text "sender not authorized" and never retried with credentials',
    },
  ],
  schema: z.object({}).strict(),
  hooks: ['onvifResponse'],
  create: () => ({
    onvifResponse(answer) {
      if (answer.fault !== 'ter:NotAuthorized' || answer.status === 401) return;
      answer.status = 401;
      answer.contentType = 'text/html';
      answer.body = '<html><head><title>401 Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>';
    },
  }),
});
