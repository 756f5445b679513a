import { z } from 'zod';
import { onvifUrl } from '../../camera/uris.ts';
import { defineQuirk } from '../quirk.ts';

export const staleXAddrsAfterReaddress = defineQuirk({
  id: 'stale-xaddrs-after-readdress',
  title: 'A readdressed camera advertising its old address',
  wire: 'After the camera moves (DHCP, a readdress fault) its Hello and its ProbeMatches come from the new address but their XAddrs still name the address it had when the quirk started, as firmware that caches its advertised address until reboot does; a hub that trusts XAddrs loses the camera.',
  reports: [
    {
      repo: 'drprash/onenvr',
      issue: 6,
      note: 'DHCP cameras that moved kept reporting their previous IP address in WS-Discovery, breaking stream URL discovery',
    },
  ],
  schema: z.object({}).strict(),
  hooks: ['discoveryReply'],
  create: (_params, { camera }) => {
    const firstAddress = camera.network.address;
    return {
      discoveryReply(reply) {
        const stale = onvifUrl({ model: camera.model, network: { ...camera.network, address: firstAddress } });
        const current = onvifUrl(camera);
        reply.xaddrs = reply.xaddrs.map((x) => (x === current ? stale : x));
      },
    };
  },
});
