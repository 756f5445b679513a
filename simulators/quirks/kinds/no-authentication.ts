import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const noAuthentication = defineQuirk({
  id: 'no-authentication',
  title: 'ONVIF answers without authentication',
  wire: 'Every ONVIF operation, including configuration changes and SystemReboot, is served to a request with no credentials (or wrong ones) as if from an administrator.',
  reports: [],
  schema: z.object({}).strict(),
  hooks: ['auth'],
  create: () => ({ auth: (service) => (service === 'onvif' ? 'open' : undefined) }),
});
