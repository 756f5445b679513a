import type { Requirement } from '../../requirement.ts';
import { judgeDigestOnly } from '../../judgements/digest-only-judgement.ts';

/** ONVIF Core's PRE_AUTH access class: operations a device may serve without credentials. */
const preAuthOperations = new Set([
  'GetSystemDateAndTime',
  'GetWsdlUrl',
  'GetServices',
  'GetServiceCapabilities',
  'GetCapabilities',
  'GetHostname',
  'GetEndpointReference',
]);

export const onvifDigestOnly: Requirement<{ minDevices: number }> = {
  id: 'HUB-AUTH-01',
  area: 'AUTH',
  title: 'ONVIF requests authenticate with digest only',
  rationale:
    'Camera passwords must never cross the network in the clear: WS-UsernameToken PasswordDigest or HTTP digest only; PasswordText, Basic and anonymous access beyond pre-authentication operations fail.',
  level: 'MUST',
  side: 'hub',
  params: {
    minDevices: {
      default: 3,
      unit: 'count',
      stricter: 'higher',
      description: 'distinct camera models with digest-authenticated ONVIF traffic for a PASS',
    },
  },
  needs: { observations: ['onvif.request'], capabilities: [] },
  traces: [
    {
      source: 'ONVIF Client Test Specification (core)',
      feature: 'HTTP Digest (HTTPDigest_HTTPDigestAuthentication)',
      testCase: 'HTTPDIGEST-1',
    },
    {
      source: 'ONVIF Client Test Specification (core)',
      feature: 'Username Token Authentication (UserTokenProfile_UsernameTokenAuthentication)',
      testCase: 'USERTOKENPROFILE-1',
    },
  ],
  check({ observations, params, run }) {
    const uses = observations.flatMap((o) =>
      o.kind === 'onvif.request'
        ? [
            {
              camera: o.camera,
              atMs: o.atMs,
              auth: o.auth,
              status: o.httpStatus,
              preAuth: preAuthOperations.has(o.operation),
              label: `${o.service} ${o.operation}`,
              ...(o.user !== undefined ? { user: o.user } : {}),
            },
          ]
        : [],
    );
    return judgeDigestOnly(uses, run, params.minDevices, 'ONVIF');
  },
};
