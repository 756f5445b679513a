import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const audioOnlyAfterReconnect = defineQuirk({
  id: 'audio-only-after-reconnect',
  title: 'Audio-only stream after a reconnect',
  wire: 'DESCRIBE answers an SDP with one audio track and no video (m=audio, PCMU payload type 0 at 8000 Hz, a=control:trackID=0); SETUP and PLAY succeed and the session sends G.711 μ-law silence (160 bytes of 0xFF every 20 ms, RTP time +160 per packet, the marker on the first): a "connected" stream without a single picture. Sessions set up while the quirk is on get it; running ones keep their video, and once it is off a new session gets video again. As a timed fault after a reboot it is the camera that came back with its audio alone.',
  reports: [
    {
      repo: 'AlexxIT/go2rtc',
      issue: 1847,
      note: 'Wi-Fi cameras that lost their connection: go2rtc reconnects with audio only and Frigate records files with audio and no video; asks for a check that a video track exists',
    },
    {
      repo: 'AlexxIT/go2rtc',
      issue: 90,
      note: 'a source that sometimes comes up with only its audio track (MPEG4-GENERIC/16000) and no video',
    },
    {
      repo: 'AlexxIT/go2rtc',
      issue: 112,
      note: 'after cameras restart, a WebRTC viewer sometimes gets only the audio; the stream is not restarted to bring video back',
    },
  ],
  schema: z.object({}).strict(),
  hooks: ['stream'],
  create: () => ({
    stream(s) {
      s.audioOnly = true;
    },
  }),
});
