import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../reports/run-result.ts';
import { camlab } from './camlab-cli.fixture.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-e2e-crash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('camlab run with a hub that crashes', () => {
  it('stops the run, writes a partial report naming the crash, and exits 3', async () => {
    // A "hub" that says it is ready, then dies half a second into the run.
    await writeFile(
      join(dir, 'dying-hub.yaml'),
      `name: dying-hub\nidentity: { name: Dying Hub, version: "0.1" }\nstart:\n  command: [${JSON.stringify(process.execPath)}, "-e", "console.log('hub ready'); setTimeout(() => process.exit(7), 500)"]\n  ready: { log: "hub ready" }\n`,
    );
    await writeFile(
      join(dir, 'crash.yaml'),
      'name: crash\nfleet:\n  sites:\n    - name: mk\n      addressBlock: 127.14.8.0/24\n      cameras: [{ model: fixed-1080p, count: 1 }]\nhub: dying-hub.yaml\nduration: 10m\n',
    );
    const reportDir = join(dir, 'report');
    const run = camlab(['run', join(dir, 'crash.yaml'), '--report', reportDir]);
    expect(await run.exited).toBe(3);
    const result = JSON.parse(await readFile(join(reportDir, 'result.json'), 'utf8')) as RunResult;
    expect(result.status).toBe('partial');
    expect(result.partialReason).toMatch(/^hub 'hub' crashed: hub process \d+ exited on its own \(code 7/);
    expect(result.hubs[0]!.identity).toMatchObject({ name: 'Dying Hub', version: '0.1' });
    expect(run.stderr()).toMatch(/PARTIAL report/);
  });
});
