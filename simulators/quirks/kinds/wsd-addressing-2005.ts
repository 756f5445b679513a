import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

/** WS-Addressing 1.0, which WS-Discovery 2005/04 (and so ONVIF discovery) does not use. */
const WSA_2005 = 'http://www.w3.org/2005/08/addressing';

export const wsdAddressing2005 = defineQuirk({
  id: 'wsd-addressing-2005',
  title: 'WS-Discovery replies in the 2005/08 WS-Addressing namespace',
  wire: 'ProbeMatches carry MessageID, RelatesTo, To and EndpointReference in http://www.w3.org/2005/08/addressing instead of the http://schemas.xmlsoap.org/ws/2004/08/addressing WS-Discovery 2005/04 uses; a client matching them by namespace finds no endpoint and no RelatesTo.',
  reports: [],
  schema: z.object({}).strict(),
  hooks: ['discoveryReply'],
  create: () => ({
    discoveryReply(reply) {
      reply.addressingNs = WSA_2005;
    },
  }),
});
