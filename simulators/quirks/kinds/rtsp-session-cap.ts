import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const rtspSessionCap = defineQuirk({
  id: 'rtsp-session-cap',
  title: 'Few RTSP sessions; the rest answered 453 Not Enough Bandwidth',
  wire: 'The camera serves `max` RTSP sessions at once over all profiles and clients, `taken` of them held by clients outside the run (a viewer, a second hub); a SETUP beyond that is answered 453 Not Enough Bandwidth. Running sessions are kept. A model can say the same with maxRtspSessions.',
  reports: [
    {
      repo: 'keshavdv/unifi-cam-proxy',
      issue: 340,
      note: 'three streams spawned per camera: the camera answers 453 Not Enough Bandwidth',
    },
    {
      repo: 'roflcoopter/viseron',
      issue: 800,
      note: 'a camera that serves one stream at a time answers 453 to a second client',
    },
    {
      repo: 'homebridge-plugins/homebridge-camera-ffmpeg',
      issue: 2,
      note: 'ffmpeg: method SETUP failed: 453 Not Enough Bandwidth',
    },
  ],
  schema: z
    .object({
      max: z.number().int().min(1).max(1000).default(2),
      /** Sessions held by other clients: a timed fault with taken = max refuses every new session. */
      taken: z.number().int().min(0).max(1000).default(0),
    })
    .strict(),
  hooks: ['stream'],
  create: ({ max, taken }) => ({
    stream(s) {
      const free = Math.max(0, max - taken);
      // With another cap (the model's, a second quirk) the tighter one holds; 0 free slots refuse every SETUP.
      s.maxSessions = s.maxSessions === undefined ? free : Math.min(s.maxSessions, free);
    },
  }),
});
