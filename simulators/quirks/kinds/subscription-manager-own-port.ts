import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const subscriptionManagerOwnPort = defineQuirk({
  id: 'subscription-manager-own-port',
  title: 'A subscription manager on a new port per subscription',
  wire: "Each CreatePullPointSubscription or Subscribe answer names an address on a port opened for that subscription alone (http://camera:<new port>/onvif/events_service/...), not the events service's; the port closes when the camera goes down. A hub that keeps the service's port, or caches the first binding, talks to the wrong listener.",
  reports: [
    {
      repo: 'home-assistant/core',
      issue: 83524,
      note: 'the subscription address (xaddr) changed with every new subscription on a camera, and the integration leaked a binding each time',
    },
    {
      repo: 'openvideolibs/python-onvif-zeep-async',
      issue: 3,
      note: 'the client cached the pull point binding of the first subscription address and kept using it after the camera handed out a new one',
    },
  ],
  schema: z.object({}).strict(),
  hooks: ['subscriptionOwnPort'],
  create: () => ({ subscriptionOwnPort: () => true }),
});
