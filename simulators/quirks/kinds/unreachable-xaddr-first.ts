import { z } from 'zod';
import { onvifServicePaths } from '../../camera/uris.ts';
import { defineQuirk } from '../quirk.ts';

export const unreachableXAddrFirst = defineQuirk({
  id: 'unreachable-xaddr-first',
  title: 'An unreachable address listed first in XAddrs',
  wire: 'XAddrs lists http://<address>/onvif/device_service first (default 169.254.10.20, a link-local address of another interface), the reachable one second; a hub that only tries the first never connects.',
  reports: [
    {
      repo: 'christgau/wsdd',
      issue: 174,
      note: 'a device listed two addresses in XAddrs, only one of them reachable; the client took the first',
    },
    {
      repo: 'agsh/onvif',
      issue: 239,
      note: 'an Axis camera listed a link-local 169.254 address in XAddrs beside its real one',
    },
  ],
  schema: z.object({ address: z.string().min(1).default('169.254.10.20') }).strict(),
  hooks: ['discoveryReply'],
  create: ({ address }) => ({
    discoveryReply(reply) {
      reply.xaddrs = [`http://${address}${onvifServicePaths.device}`, ...reply.xaddrs];
    },
  }),
});
