import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRunResult } from '../../reports/fixtures/sample-run-result.ts';
import { writeReports } from '../../reports/write-reports.ts';
import { sha256Hex } from './sha256.ts';
import { UnreadableRunError } from '../compare/read-run-result.ts';
import { verifyReport } from './verify-report.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-verify-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const profileText = 'name: tender\nwaivers:\n  HUB-RES-01: alarms go to the VMS\n';

/** A report of the sample run, judged with `profileText` as its profile. */
async function report(name: string): Promise<string> {
  const result = sampleRunResult();
  const profileFile = join(dir, 'tender.yaml');
  await writeFile(profileFile, profileText);
  result.profile = {
    name: 'tender',
    file: profileFile,
    sha256: sha256Hex(profileText),
    procurement: {},
    waivers: { 'HUB-RES-01': 'alarms go to the VMS' },
  };
  result.inputs.push({ role: 'profile', path: profileFile, sha256: sha256Hex(profileText) });
  const reportDir = join(dir, name);
  await writeReports(result, reportDir);
  return reportDir;
}

const failed = (checks: { what: string; ok: boolean }[]) => checks.filter((c) => !c.ok).map((c) => c.what);

describe('verifyReport', () => {
  it('passes an untouched report, re-rendering every file exactly, and the profile it names', async () => {
    const reportDir = await report('clean');
    const checks = await verifyReport(reportDir, [{ role: 'profile', file: join(dir, 'tender.yaml') }], '0.1.0');
    expect(failed(checks)).toEqual([]);
    expect(checks.map((c) => c.what)).toEqual([
      'result.json.sha256',
      'report.html',
      'junit.xml',
      'summary.md',
      `profile ${join(dir, 'tender.yaml')}`,
    ]);
  });

  it('fails a result.json edited after the run', async () => {
    const reportDir = await report('tampered-json');
    const file = join(reportDir, 'result.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"verdict": "FAIL"', '"verdict": "PASS"'));
    const checks = await verifyReport(reportDir, [], '0.1.0');
    // Every rendered report now differs from what the edited result.json renders to, too.
    expect(failed(checks)).toEqual(['result.json.sha256', 'report.html', 'junit.xml', 'summary.md']);
  });

  it('fails an HTML report edited to read PASS', async () => {
    const reportDir = await report('tampered-html');
    const file = join(reportDir, 'report.html');
    await writeFile(file, (await readFile(file, 'utf8')).replace('id="outcome">FAIL<', 'id="outcome">PASS<'));
    expect(failed(await verifyReport(reportDir, [], '0.1.0'))).toEqual(['report.html']);
  });

  it('fails a profile other than the one the run was judged with', async () => {
    const reportDir = await report('other-profile');
    const other = join(dir, 'laxer.yaml');
    await writeFile(other, `${profileText}  HUB-PTZ-01: not needed\n`);
    const checks = await verifyReport(reportDir, [{ role: 'profile', file: other }], '0.1.0');
    expect(failed(checks)).toEqual([`profile ${other}`]);
    expect(checks.at(-1)!.detail).toContain(`the run recorded ${sha256Hex(profileText)}`);
  });

  it('checks only the digest of reports another camlab version rendered', async () => {
    const reportDir = await report('other-version');
    const checks = await verifyReport(reportDir, [], '9.9.9');
    expect(failed(checks)).toEqual([]);
    expect(checks[1]!.detail).toBe('made by camlab 0.1.0, this is 9.9.9: only its result.json digest is checked');
  });

  it('refuses a directory without a result.json', async () => {
    await expect(verifyReport(join(dir, 'nothing-here'), [], '0.1.0')).rejects.toBeInstanceOf(UnreadableRunError);
  });
});
