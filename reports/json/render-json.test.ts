import { describe, expect, it } from 'vitest';
import { sampleRunResult } from '../fixtures/sample-run-result.ts';
import { renderJson } from './render-json.ts';

describe('renderJson', () => {
  it('round-trips the whole RunResult', () => {
    const result = sampleRunResult({ partial: true });
    expect(JSON.parse(renderJson(result))).toEqual(result);
  });
});
