import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

/** The prefixes camlab writes, renamed as gSOAP-generated firmware names them. */
const RENAMES: Readonly<Record<string, string>> = { env: 'SOAP-ENV', tt: 'ns2', tds: 'ns1', trt: 'ns3', tr2: 'ns4', tptz: 'ns5', tev: 'ns6', wsnt: 'ns7', ter: 'ns8' };
const PREFIX_RE = new RegExp(`(?<![\\w-])(${Object.keys(RENAMES).join('|')}):`, 'g');

export const unusualPrefixes = defineQuirk({
  id: 'unusual-prefixes',
  title: 'Unusual but valid namespace prefixes (gSOAP style)',
  wire: 'Answers name the same namespaces with other prefixes: SOAP-ENV for the envelope, ns1, ns2 ... for the ONVIF ones (in tags, declarations and QName values alike). Namespace-aware clients see no difference.',
  reports: [],
  schema: z.object({}).strict(),
  hooks: ['onvifResponse'],
  create: () => ({
    onvifResponse(answer) {
      answer.body = answer.body.replace(/xmlns:(\w+)=/g, (m, p: string) => (RENAMES[p] === undefined ? m : `xmlns:${RENAMES[p]}=`)).replace(PREFIX_RE, (_m, p: string) => `${RENAMES[p]}:`);
    },
  }),
});
