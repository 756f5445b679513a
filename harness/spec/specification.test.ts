import { describe, expect, it } from 'vitest';
import { findRequirement, specification } from './specification.ts';

describe('the specification', () => {
  const ids = specification.requirements.map((r) => r.id);

  it('has unique, well-formed ids whose prefix matches the side', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of specification.requirements) {
      expect(r.id).toMatch(/^(HUB|CAM)-[A-Z0-9]+-\d{2}$/);
      expect(r.id.startsWith(r.side === 'hub' ? 'HUB-' : 'CAM-')).toBe(true);
    }
  });

  it('covers every hub area with several requirements', () => {
    for (const area of ['DISCOVERY', 'AUTH', 'STREAM', 'RESILIENCE', 'PTZ', 'BANDWIDTH', 'HANDOVER', 'LOAD']) {
      expect(specification.requirements.filter((r) => r.area === area).length, area).toBeGreaterThanOrEqual(2);
    }
    expect(specification.requirements.some((r) => r.area === 'RECORDING')).toBe(true);
  });

  it('gives every requirement a rationale, a trace and parameters with units and a direction', () => {
    for (const r of specification.requirements) {
      expect(r.rationale.length, r.id).toBeGreaterThan(20);
      expect(r.traces.length, r.id).toBeGreaterThan(0);
      for (const [name, p] of Object.entries(r.params)) {
        expect(Number.isFinite(p.default), `${r.id}.${name}`).toBe(true);
        if (p.unit === 'ms') expect(name.endsWith('Ms'), `${r.id}.${name} carries its unit`).toBe(true);
      }
    }
  });

  it('traces the ONVIF client features to their test cases', () => {
    const traced = specification.requirements.flatMap((r) => r.traces.map((t) => t.testCase)).filter(Boolean);
    for (const tc of [
      'DISCOVERY-1',
      'HTTPDIGEST-1',
      'HTTPDIGESTFORRTSP-1',
      'MEDIASTREAMING-3',
      'EVENTHANDLING-1',
      'KEEPALIVEFORPULLPOINTEVENTHANDLING-2',
      'PTZPANTILTCONTINUOUSPOSITIONING-2',
    ]) {
      expect(traced).toContain(tc);
    }
  });

  it('is versioned and finds requirements by id', () => {
    expect(specification.version).toMatch(/^\d{4}\.\d{2}/);
    expect(findRequirement('HUB-RES-02')?.title).toMatch(/frozen/);
    expect(findRequirement('NOPE')).toBeUndefined();
  });
});
