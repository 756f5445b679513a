import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const addressesElsewhere = defineQuirk({
  id: 'addresses-elsewhere',
  title: 'Service addresses and URIs naming another host and port (behind NAT)',
  wire: 'Every URL in an answer (XAddrs in GetServices and GetCapabilities, stream and snapshot URIs, subscription addresses) names `host` instead of the address the client reached, and `httpPort` for the HTTP ones, as a camera behind NAT reports its LAN address.',
  reports: [],
  schema: z.object({ host: z.string().regex(/^[\w.-]+$/, 'a host name or IPv4 address').default('192.168.1.64'), httpPort: z.number().int().min(1).max(65535).default(80) }).strict(),
  hooks: ['onvifResponse'],
  create: (params, { camera }) => ({
    onvifResponse(answer) {
      const here = camera.network.address.replaceAll('.', '\\.');
      answer.body = answer.body
        .replace(new RegExp(`http://${here}(?::\\d+)?/`, 'g'), `http://${params.host}${params.httpPort === 80 ? '' : `:${params.httpPort}`}/`)
        .replace(new RegExp(`rtsp://${here}`, 'g'), `rtsp://${params.host}`);
    },
  }),
});
