import type { Requirement } from '../../requirement.ts';
import { judgeDigestOnly } from '../../judgements/digest-only-judgement.ts';

export const rtspDigestOnly: Requirement<{ minDevices: number }> = {
  id: 'HUB-AUTH-02',
  area: 'AUTH',
  title: 'RTSP requests authenticate with digest only',
  rationale:
    'Stream credentials are the camera credentials: RTSP must use HTTP digest (RFC 2617/7616 over RTSP), never Basic, and no stream may be taken without credentials.',
  level: 'MUST',
  side: 'hub',
  params: {
    minDevices: {
      default: 3,
      unit: 'count',
      stricter: 'higher',
      description: 'distinct camera models with digest-authenticated RTSP traffic for a PASS',
    },
  },
  needs: { observations: ['rtsp.request'], capabilities: [] },
  traces: [
    {
      source: 'ONVIF Client Test Specification (core)',
      feature: 'HTTP Digest For RTSP (HTTPDigestForRTSP_HTTPDigestForRTSPTest)',
      testCase: 'HTTPDIGESTFORRTSP-1',
    },
  ],
  check({ observations, params, run }) {
    const uses = observations.flatMap((o) =>
      o.kind === 'rtsp.request'
        ? [
            {
              camera: o.camera,
              atMs: o.atMs,
              auth: o.auth,
              status: o.status,
              preAuth: o.method === 'OPTIONS',
              label: `RTSP ${o.method}`,
              ...(o.user !== undefined ? { user: o.user } : {}),
            },
          ]
        : [],
    );
    return judgeDigestOnly(uses, run, params.minDevices, 'RTSP');
  },
};
