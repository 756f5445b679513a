import { z } from 'zod';
import { onvifServicePaths } from '../../camera/uris.ts';
import { defineQuirk } from '../quirk.ts';

export const unreachableXAddrFirst = defineQuirk({
  id: 'unreachable-xaddr-first',
  title: 'An unreachable address listed first in XAddrs',
  wire: 'XAddrs lists http://<address>/onvif/device_service first (default 169.254.10.20, a link-local address of another interface), the reachable one second; a hub that only tries the first never connects.',
  reports: [],
  schema: z.object({ address: z.string().min(1).default('169.254.10.20') }).strict(),
  hooks: ['discoveryReply'],
  create: ({ address }) => ({
    discoveryReply(reply) {
      reply.xaddrs = [`http://${address}${onvifServicePaths.device}`, ...reply.xaddrs];
    },
  }),
});
