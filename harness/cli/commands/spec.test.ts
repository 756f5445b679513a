import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../exit-codes.ts';
import { specification } from '../../spec/specification.ts';
import type { SpecificationDocument } from '../../spec/specification-document.ts';
import { captureStdout } from '../fixtures/capture-stdout.ts';
import { command } from './spec.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('camlab spec', () => {
  it('prints every requirement as JSON with parameters, units and traces', async () => {
    const out = captureStdout();
    expect(await command.run(['--format', 'json'])).toBe(ExitCode.ok);
    const doc = JSON.parse(out.text()) as SpecificationDocument;
    expect(doc.version).toBe(specification.version);
    expect(doc.requirements.map((r) => r.id)).toEqual(specification.requirements.map((r) => r.id));
    const res02 = doc.requirements.find((r) => r.id === 'HUB-RES-02')!;
    expect(res02.params.alarmWithinMs).toMatchObject({ default: 30_000, unit: 'ms', stricter: 'lower' });
    expect(res02.needs.capabilities).toEqual(['alarms']);
  });

  it('prints Markdown tables per area, and filters by side', async () => {
    const out = captureStdout();
    expect(await command.run(['--side', 'device'])).toBe(ExitCode.ok);
    const md = out.text();
    expect(md).toContain('## Device — DEVICE');
    expect(md).toContain('| CAM-RTSP-01 | MUST |');
    expect(md).not.toContain('HUB-');
  });

  it.each([[['--format', 'xml']], [['--side', 'nvr']], [['--bogus']]])('rejects %j as bad input', async (argv) => {
    await expect(command.run(argv)).rejects.toMatchObject({ exitCode: ExitCode.badInput });
  });
});
