import { describe, expect, it } from 'vitest';
import {
  maxEventChars,
  type ServerSentEvent,
  ServerSentEventsError,
  ServerSentEventsReader,
} from './server-sent-events.ts';

/** What the control API sends (simulators/api/observation-stream.ts), and what each reads as. */
const cases: { name: string; text: string; events: ServerSentEvent[] }[] = [
  { name: 'the opening comment and a keep-alive', text: ': camlab observations\n\n: keep-alive\n\n', events: [] },
  {
    name: 'one observation',
    text: 'data: {"kind":"mark","atMs":1,"label":"a"}\n\n',
    events: [{ event: 'message', data: '{"kind":"mark","atMs":1,"label":"a"}' }],
  },
  {
    name: 'skipped, then an observation',
    text: 'event: skipped\ndata: 3\n\ndata: {}\n\n',
    events: [
      { event: 'skipped', data: '3' },
      { event: 'message', data: '{}' },
    ],
  },
  {
    name: 'CRLF line ends and no space after the colon',
    text: 'data:x\r\n\r\n',
    events: [{ event: 'message', data: 'x' }],
  },
  {
    name: 'two data lines join with a newline',
    text: 'data: a\ndata: b\n\n',
    events: [{ event: 'message', data: 'a\nb' }],
  },
  { name: 'an event never finished is not dispatched', text: 'data: a\n', events: [] },
  {
    name: 'unknown fields are ignored',
    text: 'retry: 10\ndata: a\n\n',
    events: [{ event: 'message', data: 'a' }],
  },
  {
    name: "an event's id is its own: the next event without one has none",
    text: 'id: 7\nretry: 10\ndata: a\n\ndata: b\n\n',
    events: [
      { event: 'message', data: 'a', id: '7' },
      { event: 'message', data: 'b' },
    ],
  },
];

describe('ServerSentEventsReader', () => {
  it.each(cases)('$name', ({ text, events }) => {
    expect(new ServerSentEventsReader().push(text)).toEqual(events);
  });

  it.each(cases)('$name, split at every position', ({ text, events }) => {
    for (let cut = 0; cut <= text.length; cut++) {
      const reader = new ServerSentEventsReader();
      expect([...reader.push(text.slice(0, cut)), ...reader.push(text.slice(cut))], `cut at ${cut}`).toEqual(events);
    }
  });

  it('refuses an event that never ends instead of growing without bound', () => {
    const reader = new ServerSentEventsReader();
    expect(() => reader.push(`data: ${'x'.repeat(maxEventChars)}`)).toThrow(ServerSentEventsError);
  });
});
