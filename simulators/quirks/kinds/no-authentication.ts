import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const noAuthentication = defineQuirk({
  id: 'no-authentication',
  title: 'ONVIF answers without authentication',
  wire: 'Every ONVIF operation, including configuration changes and SystemReboot, is served to a request with no credentials (or wrong ones) as if from an administrator.',
  reports: [
    {
      repo: 'KoynovStas/onvif_srvd',
      issue: 28,
      note: 'an ONVIF server built with WS-Security still let a client in with no account and password',
    },
    {
      repo: 'home-assistant/core',
      issue: 39182,
      note: 'a camera with no username and password at all could not be added: the integration insisted on a username',
    },
  ],
  schema: z.object({}).strict(),
  hooks: ['auth'],
  create: () => ({ auth: (service) => (service === 'onvif' ? 'open' : undefined) }),
});
