import { describe, expect, it } from 'vitest';
import { adapterContractProblems, AdapterContractError, checkAdapterContract } from './adapter-contract.ts';
import type { Capability, HubAdapter } from './hub-adapter.ts';

function adapter(
  capabilities: Capability[],
  methods: Partial<Pick<HubAdapter, 'provision' | 'release' | 'ptz'>>,
): HubAdapter {
  return {
    kind: 'fake',
    capabilities: new Set(capabilities),
    open: () => Promise.resolve(),
    identity: () => Promise.resolve({ name: 'fake' }),
    close: () => Promise.resolve(),
    ...methods,
  };
}
const done = (): Promise<void> => Promise.resolve();

describe('adapter contract: capabilities and methods agree', () => {
  it.each([
    { name: 'no capability, no method', caps: [], methods: {}, problems: [] },
    { name: 'provision without release', caps: ['provision', 'alarms'], methods: { provision: done }, problems: [] },
    {
      name: 'provision, release and ptz',
      caps: ['provision', 'ptz'],
      methods: { provision: done, release: done, ptz: done },
      problems: [],
    },
    {
      name: 'a declared capability without its method',
      caps: ['ptz'],
      methods: {},
      problems: ["declares 'ptz' but has no ptz() method"],
    },
    {
      name: 'methods without their capability',
      caps: ['start'],
      methods: { provision: done, release: done },
      problems: [
        "has a provision() method but does not declare 'provision'",
        "has a release() method but does not declare 'provision'",
      ],
    },
    { name: 'recording frames beside recordings', caps: ['recordings', 'recording-frames'], methods: {}, problems: [] },
    {
      name: 'recording frames without recordings',
      caps: ['recording-frames'],
      methods: {},
      problems: ["declares 'recording-frames' without 'recordings'"],
    },
  ] as { name: string; caps: Capability[]; methods: Parameters<typeof adapter>[1]; problems: string[] }[])(
    '$name',
    ({ caps, methods, problems }) => {
      expect(adapterContractProblems(adapter(caps, methods))).toEqual(problems);
    },
  );

  it('throws naming the adapter and every problem', () => {
    expect(() => checkAdapterContract(adapter(['ptz', 'provision'], {}))).toThrow(AdapterContractError);
    expect(() => checkAdapterContract(adapter(['ptz', 'provision'], {}))).toThrow(
      "hub adapter 'fake' declares 'provision' but has no provision() method; declares 'ptz' but has no ptz() method",
    );
  });
});
