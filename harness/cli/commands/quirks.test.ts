import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtinPersonalities } from '../../../simulators/camera/camera-model.ts';
import { quirkFault } from '../../../simulators/faults/kinds/quirk.ts';
import { QUIRKS } from '../../../simulators/quirks/catalog.ts';
import type { QuirkDocument } from '../../../simulators/quirks/quirk-document.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { captureStdout } from '../fixtures/capture-stdout.ts';
import { command } from './quirks.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('camlab quirks', () => {
  it('prints every quirk and personality as JSON: wire behaviour, ways to switch on, source reports', async () => {
    const out = captureStdout();
    expect(await command.run(['--format', 'json'])).toBe(ExitCode.ok);
    const doc = JSON.parse(out.text()) as QuirkDocument;
    expect(doc.quirks.map((q) => q.id)).toEqual(QUIRKS.map((q) => q.id));
    expect(doc.personalities.map((p) => p.id)).toEqual(builtinPersonalities.map((p) => p.model.id));
    const skew = doc.quirks.find((q) => q.id === 'clock-skew')!;
    expect(skew.defaults).toEqual({ offset: 90_000 });
    expect(skew.reports[0]).toMatchObject({ repo: expect.stringMatching(/\//), issue: expect.any(Number) });
    expect(skew.personalities).toContain('dahua-like');
    // A quirk the URL builders read is offered through models only; every other one as a timed fault the fault kind accepts.
    for (const q of doc.quirks) {
      const timed = q.switchOn.some((s) => s.startsWith('scenario timeline'));
      expect(timed, q.id).toBe(QUIRKS.find((k) => k.id === q.id)!.modelOnly !== true);
      expect(quirkFault.schema.safeParse({ quirk: q.id }).success, q.id).toBe(timed);
    }
    expect(doc.personalities.find((p) => p.id === 'axis-like')!.file).toMatch(
      /simulators\/camera\/personalities\/axis-like\.yaml$/,
    );
  });

  it('prints Markdown with a row per quirk, "no public report found" where there is none, and the personalities', async () => {
    const out = captureStdout();
    expect(await command.run([])).toBe(ExitCode.ok);
    const md = out.text();
    for (const q of QUIRKS) expect(md).toContain(`| \`${q.id}\` |`);
    expect(md).toContain('no public report found');
    expect(md).toContain('# Personalities');
    expect(md).toContain('| `hikvision-like` |');
  });

  it('refuses an unknown format as bad input (exit code 2)', () => {
    expect(() => command.run(['--format', 'xml'])).toThrow(
      expect.objectContaining({
        exitCode: ExitCode.badInput,
        message: expect.stringMatching(/--format must be md or json/),
      }) as CliError,
    );
  });
});
