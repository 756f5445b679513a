import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const noRtcpSenderReports = defineQuirk({
  id: 'no-rtcp-sender-reports',
  title: 'No RTCP sender reports',
  wire: 'The camera never sends RTCP sender reports (RFC 3550 §6.4.1) on its sessions, so a client cannot map RTP time to wall-clock time; RTP itself flows as usual. Receiver reports from the client are still taken as keep-alives.',
  reports: [
    {
      repo: 'bluenviron/mediamtx',
      issue: 5355,
      note: 'with absolute timestamps on, packets without a sender report are dropped: "received RTP packet without absolute time, skipping it", no frames reach readers',
    },
    {
      repo: 'AlexxIT/go2rtc',
      issue: 2326,
      note: 'a restream without sender reports: UniFi Protect live view dies and its recording timeline drifts',
    },
  ],
  schema: z.object({}).strict(),
  hooks: ['stream'],
  create: () => ({
    stream(s) {
      s.senderReports = false;
    },
  }),
});
