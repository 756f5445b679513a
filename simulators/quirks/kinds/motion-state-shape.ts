import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';
import { motionState, withMotionState } from './motion-topics.ts';

/** How the state is spelt: xs:boolean's other lexical forms, and a capitalised form that is not xs:boolean at all. */
const SPELLINGS = { numeric: { true: '1', false: '0' }, capitalised: { true: 'True', false: 'False' } } as const;

export const motionStateShape = defineQuirk({
  id: 'motion-state-shape',
  title: 'Motion state in an unexpected shape',
  wire: "The motion messages' State / IsMotion value is spelt '1'/'0' (numeric: valid xs:boolean) or 'True'/'False' (capitalised: not xs:boolean) instead of 'true'/'false'; a hub comparing with the string 'false' never sees motion end.",
  reports: [
    {
      repo: 'home-assistant/core',
      issue: 37545,
      note: 'a Dahua NVR sent MotionAlarm State as Value="1"; the integration only ever showed Clear',
    },
  ],
  schema: z.object({ shape: z.enum(['numeric', 'capitalised']).default('numeric') }).strict(),
  hooks: ['eventMessages'],
  create: ({ shape }) => ({
    eventMessages: (messages) =>
      messages.map((m) => {
        const state = motionState(m);
        return state === 'true' || state === 'false' ? withMotionState(m, SPELLINGS[shape][state]) : m;
      }),
  }),
});
