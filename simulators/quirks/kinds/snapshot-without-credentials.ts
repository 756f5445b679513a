import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const snapshotWithoutCredentials = defineQuirk({
  id: 'snapshot-without-credentials',
  title: 'Snapshot JPEG served without credentials',
  wire: 'The snapshot URI answers an anonymous GET with 200 and the JPEG (no Digest challenge), while the ONVIF services still ask for credentials.',
  reports: [],
  schema: z.object({}).strict(),
  hooks: ['auth'],
  create: () => ({
    auth: (service) => (service === 'snapshot' ? 'open' : undefined),
  }),
});
