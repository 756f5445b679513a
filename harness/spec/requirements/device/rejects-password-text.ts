import type { Requirement } from '../../requirement.ts';
import { judgeProbeSteps } from '../../judgements/probe-judgement.ts';

export const camRejectsPasswordText: Requirement<Record<string, never>> = {
  id: 'CAM-AUTH-02',
  area: 'DEVICE',
  title: 'Refuses plain-text WS-UsernameToken passwords',
  rationale:
    'The force allows digest only; a camera that accepts PasswordText invites clients to send passwords in the clear.',
  level: 'SHOULD',
  side: 'device',
  params: {},
  needs: { observations: ['probe.result'], capabilities: [] },
  traces: [{ source: 'Force CCTV equipment specification (no public test)' }],
  check(ctx) {
    return judgeProbeSteps(ctx, ['auth.reject-password-text'], 'plain-text password refusal');
  },
};
