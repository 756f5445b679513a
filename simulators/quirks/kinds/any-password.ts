import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const anyPassword = defineQuirk({
  id: 'any-password',
  title: 'Accepts any password',
  wire: 'A known user name with any password (WS-UsernameToken or HTTP Digest, ONVIF and snapshots) is let in; unknown user names are still refused.',
  reports: [
    {
      repo: 'KoynovStas/onvif_srvd',
      issue: 28,
      note: 'the maintainer: the server has a minimal implementation and does not check the password',
    },
  ],
  schema: z.object({}).strict(),
  hooks: ['auth'],
  create: () => ({ auth: () => 'any-password' }),
});
