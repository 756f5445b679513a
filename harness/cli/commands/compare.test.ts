import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sampleRunResult } from '../../../reports/fixtures/sample-run-result.ts';
import { writeReports } from '../../../reports/write-reports.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { captureStdout } from '../fixtures/capture-stdout.ts';
import { commandExit } from '../fixtures/command-exit.ts';
import { command } from './compare.ts';

describe('camlab compare', () => {
  let base: string;
  let out: { text: () => string };
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'camlab-compare-'));
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });
  afterEach(() => vi.restoreAllMocks());

  const exitOf = async (argv: string[]): Promise<number> => (await commandExit(command, argv)).code;

  it('exits 0 for two identical runs given as report directories', async () => {
    await writeReports(sampleRunResult(), join(base, 'a'));
    await writeReports(sampleRunResult(), join(base, 'b'));
    out = captureStdout();
    expect(await command.run([join(base, 'a'), join(base, 'b')])).toBe(ExitCode.ok);
    expect(out.text()).toContain('no regression');
  });

  it('exits 1 and names the regression, in Markdown and JSON', async () => {
    const worse = sampleRunResult();
    worse.verdicts[0]!.verdict = 'FAIL';
    await writeReports(worse, join(base, 'worse'));
    out = captureStdout();
    expect(await command.run([join(base, 'a'), join(base, 'worse', 'result.json')])).toBe(ExitCode.verdictFailed);
    expect(out.text()).toMatch(/### Regressions\n- \*\*HUB-STR-01\*\* \(MUST\).*PASS → FAIL/);
    out = captureStdout();
    expect(await command.run([join(base, 'a'), join(base, 'worse'), '--format', 'json'])).toBe(ExitCode.verdictFailed);
    expect(JSON.parse(out.text()).regressions[0].id).toBe('HUB-STR-01');
  });

  it('honours --tolerance', async () => {
    const slower = sampleRunResult();
    slower.verdicts[0]!.measurement!.value = 3000; // +43% from 2100 ms, 9% of the 10 s threshold
    await writeReports(slower, join(base, 'slower'));
    out = captureStdout();
    expect(await command.run([join(base, 'a'), join(base, 'slower')])).toBe(ExitCode.verdictFailed);
    expect(await command.run([join(base, 'a'), join(base, 'slower'), '--tolerance', '0.5'])).toBe(ExitCode.ok);
  });

  it('exits 2 on bad input', async () => {
    await mkdir(join(base, 'bad'), { recursive: true });
    await writeFile(
      join(base, 'bad', 'result.json'),
      JSON.stringify({ ...sampleRunResult(), verdicts: 'nope', colour: 'red' }),
    );
    await writeFile(join(base, 'notjson.json'), '{');
    expect(await exitOf([join(base, 'a')])).toBe(ExitCode.badInput);
    expect(await exitOf([join(base, 'a'), join(base, 'missing')])).toBe(ExitCode.badInput);
    expect(await exitOf([join(base, 'a'), join(base, 'notjson.json')])).toBe(ExitCode.badInput);
    expect(await exitOf([join(base, 'a'), join(base, 'a'), '--tolerance', 'lots'])).toBe(ExitCode.badInput);
    expect(await exitOf([join(base, 'a'), join(base, 'a'), '--format', 'xml'])).toBe(ExitCode.badInput);
    const err = await command.run([join(base, 'a'), join(base, 'bad')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).message).toMatch(/bad\/result\.json: not a camlab run result/);
    expect((err as CliError).message).toMatch(/verdicts: /);
    expect((err as CliError).message).toMatch(/colour/);
  });
});
