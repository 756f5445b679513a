import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const subscriptionGone404 = defineQuirk({
  id: 'subscription-gone-404',
  title: 'A lost subscription answers HTTP 404',
  wire: 'A request to a subscription the camera no longer holds (after a reboot, an expiry or an eviction) gets a bare HTTP 404 page instead of the SOAP ResourceUnknownFault; a hub that only re-subscribes on the SOAP fault keeps polling a dead address.',
  reports: [
    {
      repo: 'home-assistant/core',
      issue: 37711,
      note: 'after a camera reboot every PullPoint subscription is gone; the integration had to learn to create a new one',
    },
    {
      repo: 'openvideolibs/python-onvif-zeep-async',
      issue: 3,
      note: 'after a reboot the client kept pulling from the old subscription address it had cached',
    },
  ],
  schema: z.object({}).strict(),
  hooks: ['onvifResponse'],
  create: () => ({
    onvifResponse(answer) {
      if (answer.fault === undefined || !answer.body.includes('ResourceUnknownFault')) return;
      answer.status = 404;
      answer.contentType = 'text/html';
      answer.body = '<html><body><h1>404 Not Found</h1></body></html>';
    },
  }),
});
