import type { Requirement } from '../../requirement.ts';
import { judgeProbeSteps } from '../../judgements/probe-judgement.ts';

export const camRtspStreams: Requirement<Record<string, never>> = {
  id: 'CAM-RTSP-01',
  area: 'DEVICE',
  title: 'Streams H.264/H.265 over RTSP with digest',
  rationale: 'The stream is the product: DESCRIBE, SETUP, PLAY over RTSP/TCP with digest, decodable video.',
  level: 'MUST',
  side: 'device',
  params: {},
  needs: { observations: ['probe.result'], capabilities: [] },
  traces: [
    {
      source: 'ONVIF Real Time Streaming Device Test Specification',
      feature: 'Media streaming – H.264 (RTP/RTSP/TCP)',
      testCase: 'RTSS-1-1-43',
    },
  ],
  check(ctx) {
    return judgeProbeSteps(ctx, ['rtsp.play'], 'RTSP streaming');
  },
};
