import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const snapshotWithoutCredentials = defineQuirk({
  id: 'snapshot-without-credentials',
  title: 'Snapshot served without credentials',
  wire: 'The snapshot URI answers 200 with the JPEG to a GET with no Authorization header, while ONVIF itself still asks for a login.',
  reports: [
    {
      repo: 'motioneye-project/motioneye',
      issue: 751,
      note: 'the snapshot URL could be opened without a password whatever authentication was set',
    },
  ],
  schema: z.object({}).strict(),
  hooks: ['auth'],
  create: () => ({ auth: (service) => (service === 'snapshot' ? 'open' : undefined) }),
});
