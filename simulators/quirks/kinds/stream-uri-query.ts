import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

const schema = z
  .object({ query: z.string().regex(/^\?./, "a query string starting with '?'").default('?transportmode=unicast') })
  .strict();

export const streamUriQuery = defineQuirk({
  id: 'stream-uri-query',
  title: 'Stream URI with a query string',
  wire: 'GetStreamUri and the inventory hand out rtsp://host/path?transportmode=unicast (or the given query); a hub that appends to the URI or strips the query meets a 404 or another stream.',
  reports: [
    {
      repo: 'BogdanovKirill/RtspClientSharp',
      issue: 110,
      note: 'the client put the track name after the query (stream.sdp/trackID=2?profile=...) instead of after it; a Vivotek camera answered SETUP with 400 Bad Request',
    },
    {
      repo: 'bluenviron/gortsplib',
      issue: 121,
      note: 'splicing the track control onto a Dahua URL with a query string produced an invalid SETUP URL',
    },
  ],
  schema,
  hooks: [],
  modelOnly: true,
  create: () => ({}),
});

/** The query a model's stream URIs carry ('' without the quirk). */
export function streamUriQueryOf(quirks: Readonly<Record<string, unknown>>): string {
  const params = quirks[streamUriQuery.id] as z.output<typeof schema> | undefined;
  return params?.query ?? '';
}
