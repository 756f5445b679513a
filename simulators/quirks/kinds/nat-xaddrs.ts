import { z } from 'zod';
import { onvifUrl, rtspUrl } from '../../camera/uris.ts';
import { defineQuirk } from '../quirk.ts';

const portSchema = z.number().int().min(1).max(65_535);

export const natXAddrs = defineQuirk({
  id: 'nat-xaddrs',
  title: 'Addresses naming another host and port (behind NAT)',
  wire: 'XAddrs in ProbeMatches, the service addresses in GetCapabilities/GetServices, event subscription addresses and stream URIs name host:onvifPort / host:rtspPort (default 203.0.113.10:8080 and :10554, the camera as configured behind a NAT) instead of the address the hub reached; a hub that follows them connects nowhere.',
  reports: [
    {
      repo: 'blakeblackshear/frigate',
      issue: 18352,
      note: 'cameras behind NAT return their internal addresses in the capabilities, which breaks PTZ',
    },
    {
      repo: 'FalkTannhaeuser/python-onvif-zeep',
      issue: 75,
      note: "behind NAT every address in the ONVIF answers was the camera's local one; the client had to rewrite them",
    },
  ],
  schema: z
    .object({
      host: z.string().min(1).default('203.0.113.10'),
      onvifPort: portSchema.default(8080),
      rtspPort: portSchema.default(10_554),
    })
    .strict(),
  hooks: ['onvifResponse', 'discoveryReply'],
  create: ({ host, onvifPort, rtspPort }, { camera }) => {
    // Read the camera's own authorities at each answer: a readdress moves them.
    const onvifAuthority = (): string => `//${new URL(onvifUrl(camera)).host}/`;
    const rtspAuthority = (): string => `//${new URL(rtspUrl(camera, 'main', false).replace(/^rtsp:/, 'http:')).host}/`;
    return {
      onvifResponse(answer) {
        answer.body = answer.body
          .replaceAll(onvifAuthority(), `//${host}:${onvifPort}/`)
          .replaceAll(`rtsp:${rtspAuthority()}`, `rtsp://${host}:${rtspPort}/`);
      },
      discoveryReply(reply) {
        reply.xaddrs = reply.xaddrs.map((x) => x.replace(onvifAuthority(), `//${host}:${onvifPort}/`));
      },
    };
  },
});
