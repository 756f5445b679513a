import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const anyPassword = defineQuirk({
  id: 'any-password',
  title: 'Any password accepted for a known user',
  wire: 'A WS-UsernameToken or HTTP Digest request naming a known user is served whatever password it carries; requests without credentials are still refused.',
  reports: [],
  schema: z.object({}).strict(),
  hooks: ['auth'],
  create: () => ({
    auth: (service) => (service === 'onvif' ? 'any-password' : undefined),
  }),
});
