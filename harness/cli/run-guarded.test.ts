import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/guarded-command.ts', import.meta.url));

async function run(behaviour: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, behaviour], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

describe('runGuarded: a command exits only with a code from the table', () => {
  it('a main that never settles ends with 3 and names the last step, not Node’s 13', async () => {
    const r = await run('never-settles');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('stopped without finishing');
    expect(r.stderr).toContain('last step: probe step events.pull-point');
  });
  it('an exception thrown in a callback ends with 3, not Node’s 1 (which reads as a failed verdict)', async () => {
    const r = await run('throws-later');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('a callback threw');
  });
  it('a rejected main ends with 3', async () => {
    const r = await run('rejects');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('main rejected');
  });
  it.each([0, 1, 2])('a main that returns %i exits with it', async (code) => {
    expect((await run(String(code))).code).toBe(code);
  });
});
