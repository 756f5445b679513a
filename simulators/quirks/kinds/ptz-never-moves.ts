import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

const MOVES = new Set(['ContinuousMove', 'AbsoluteMove', 'RelativeMove', 'GotoPreset', 'GotoHomePosition']);

export const ptzNeverMoves = defineQuirk({
  id: 'ptz-never-moves',
  title: 'PTZ accepts moves and never moves',
  wire: 'ContinuousMove, AbsoluteMove, RelativeMove, GotoPreset and GotoHomePosition answer their empty success response, but the head stays where it is: GetStatus keeps reporting the same position, IDLE.',
  reports: [
    {
      repo: 'ant-media/Ant-Media-Server',
      issue: 7804,
      note: 'PTZ calls returned success but the camera never moved (it supported continuous moves only)',
    },
    {
      repo: 'agsh/onvif',
      issue: 267,
      note: 'a Reolink C2 Pro accepted continuousMove with only pan or only tilt and did nothing, with no error',
    },
  ],
  schema: z.object({}).strict(),
  hooks: ['onvifRequest'],
  create: () => ({
    onvifRequest: (req) =>
      req.service === 'ptz' && MOVES.has(req.operation)
        ? { type: 'reply', body: `<tptz:${req.operation}Response/>` }
        : undefined,
  }),
});
