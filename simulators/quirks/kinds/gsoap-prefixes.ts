import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

const prefixSchema = z.string().regex(/^[A-Za-z_][\w.-]*$/, 'an XML namespace prefix');

/** gSOAP's envelope prefix and generated ns1, ns2 ... for the ONVIF namespaces, as many embedded stacks write them. */
const GSOAP_PREFIXES: Record<string, string> = {
  env: 'SOAP-ENV',
  tt: 'ns1',
  tds: 'ns2',
  trt: 'ns3',
  tev: 'ns4',
  wsnt: 'ns5',
  wsa: 'wsa5',
  tptz: 'ns6',
  tr2: 'ns7',
};

export const gsoapPrefixes = defineQuirk({
  id: 'gsoap-prefixes',
  title: 'Unusual but valid namespace prefixes (gSOAP style)',
  wire: 'Answers use other prefixes for the same namespaces (SOAP-ENV: for the envelope, ns1: for tt:, ns2: for tds: ... by default), in element names, attributes and QName values alike: valid XML a namespace-aware client reads unchanged, a client matching "tt:" by string does not.',
  reports: [
    {
      repo: 'opensensor/lightNVR',
      issue: 441,
      note: 'the NVR did not recognise an answer whose body element used the env: prefix; it matched prefixes by string',
    },
  ],
  schema: z.object({ prefixes: z.record(prefixSchema, prefixSchema).default(GSOAP_PREFIXES) }).strict(),
  hooks: ['onvifResponse'],
  create: ({ prefixes }) => {
    const renames = Object.entries(prefixes).map(([from, to]) => ({
      declaration: new RegExp(`xmlns:${from}=`, 'g'),
      // A prefix is used after '<', '</', whitespace, a quote or '>' (QName text, attribute values).
      use: new RegExp(`(?<=[<\\/\\s"'>])${from}:(?=[A-Za-z_])`, 'g'),
      to,
    }));
    return {
      onvifResponse(answer) {
        let body = answer.body;
        for (const r of renames) body = body.replace(r.declaration, `xmlns:${r.to}=`).replace(r.use, `${r.to}:`);
        answer.body = body;
      },
    };
  },
});
