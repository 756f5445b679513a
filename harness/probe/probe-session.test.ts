import { describe, expect, it } from 'vitest';
import { ProbeSession } from './probe-session.ts';

describe('ProbeSession.rebase: the probe uses the address it was given', () => {
  const cases = [
    {
      name: 'the probed address itself',
      uri: 'http://203.0.113.7:8000/onvif/media',
      out: 'http://203.0.113.7:8000/onvif/media',
      note: undefined,
    },
    {
      name: 'a LAN address behind NAT',
      uri: 'http://192.168.1.64/onvif/media',
      out: 'http://203.0.113.7:8000/onvif/media',
      note: 'names 192.168.1.64 in its service addresses',
    },
    {
      name: 'the right host on another port',
      uri: 'http://203.0.113.7/onvif/events',
      out: 'http://203.0.113.7:8000/onvif/events',
      note: 'names 203.0.113.7 in its service addresses',
    },
    {
      name: 'a stream URI on a LAN address keeps its port and query',
      uri: 'rtsp://192.168.1.64:554/live?ch=1',
      out: 'rtsp://203.0.113.7:554/live?ch=1',
      note: 'names 192.168.1.64 in its stream URIs',
    },
    {
      name: 'a stream URI on the probed host',
      uri: 'rtsp://203.0.113.7:10554/live',
      out: 'rtsp://203.0.113.7:10554/live',
      note: undefined,
    },
    { name: 'not a URL', uri: 'not a url', out: 'not a url', note: undefined },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const session = new ProbeSession('http://203.0.113.7:8000/onvif/device_service', 'admin', 'pw', 1000);
    expect(session.rebase(c.uri)).toBe(c.out);
    const notes = [...session.notes];
    if (c.note === undefined) expect(notes).toEqual([]);
    else expect(notes.join('\n')).toContain(c.note);
  });
});
