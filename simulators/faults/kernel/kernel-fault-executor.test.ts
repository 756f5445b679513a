import { describe, expect, it } from 'vitest';
import { builtinFaultKinds } from '../builtin-fault-kinds.ts';
import type { FaultExecutor, ResolvedFault } from '../fault-request.ts';
import { KernelFaultExecutor, type ShapedLink } from './kernel-fault-executor.ts';

class RecordingLink implements ShapedLink {
  readonly calls: string[] = [];
  setRate(rateKbps: number | null): Promise<void> {
    this.calls.push(`rate ${rateKbps}`);
    return Promise.resolve();
  }
  setDrop(ratio: number | null): Promise<void> {
    this.calls.push(`drop ${ratio === null ? null : ratio.toFixed(4)}`);
    return Promise.resolve();
  }
}

class RecordingExecutor implements FaultExecutor {
  readonly calls: string[] = [];
  apply(fault: ResolvedFault): Promise<void> {
    this.calls.push(`apply ${fault.id}`);
    return Promise.resolve();
  }
  clear(id: string): Promise<void> {
    this.calls.push(`clear ${id}`);
    return Promise.resolve();
  }
}

const site = { name: 'north', addressBlock: '10.213.5.0/24', bandwidthKbps: 2_000, cameraCount: 4 };

function fault(id: string, kind: string, params: Record<string, unknown>, targeted = 4): ResolvedFault {
  return {
    id,
    kind,
    params,
    cameras: Array.from({ length: targeted }, (_, i) => `north-00${i + 1}`),
    seed: 1,
    targetCountBySite: { north: targeted },
  };
}

function setup(): { link: RecordingLink; inner: RecordingExecutor; executor: KernelFaultExecutor } {
  const link = new RecordingLink();
  const inner = new RecordingExecutor();
  return { link, inner, executor: new KernelFaultExecutor({ inner, link, registry: builtinFaultKinds(), site }) };
}

describe('kernel fault executor', () => {
  const cases = [
    {
      name: 'shared cap on the whole site',
      f: fault('f1', 'bandwidth', { limit: '500kbit', shared: true }),
      kernel: 'rate 500',
    },
    {
      name: 'shared cap defaulting to the site budget',
      f: fault('f1', 'bandwidth', { shared: true }),
      kernel: 'rate 2000',
    },
    { name: 'loss on the whole site', f: fault('f1', 'loss', { ratio: '5%' }), kernel: 'drop 0.0500' },
    {
      name: 'per-camera cap (tbf cannot tell cameras apart)',
      f: fault('f1', 'bandwidth', { limit: '500kbit' }),
      kernel: undefined,
    },
    { name: 'loss on part of the site', f: fault('f1', 'loss', { ratio: '5%' }, 2), kernel: undefined },
    { name: 'latency (no netem here)', f: fault('f1', 'latency', { delay: '200ms' }), kernel: undefined },
    { name: 'an outage', f: fault('f1', 'outage', { mode: 'power' }), kernel: undefined },
  ];

  it.each(cases)('$name', async ({ f, kernel }) => {
    const { link, inner, executor } = setup();
    await executor.apply(f);
    await executor.clear('f1');
    if (kernel === undefined) {
      expect(link.calls).toEqual([]);
      expect(inner.calls).toEqual(['apply f1', 'clear f1']);
    } else {
      expect(inner.calls).toEqual([]);
      expect(link.calls).toEqual([kernel, kernel.startsWith('rate') ? 'rate null' : 'drop null']);
    }
  });

  it('stacks: the lowest cap holds, drop ratios compound, clearing one leaves the others', async () => {
    const { link, executor } = setup();
    await executor.apply(fault('a', 'bandwidth', { limit: '800kbit', shared: true }));
    await executor.apply(fault('b', 'bandwidth', { limit: '300kbit', shared: true }));
    await executor.apply(fault('c', 'loss', { ratio: '50%' }));
    await executor.apply(fault('d', 'loss', { ratio: '50%' }));
    await executor.clear('b');
    await executor.clear('c');
    await executor.clear('a');
    await executor.clear('d');
    expect(link.calls).toEqual([
      'rate 800',
      'rate 300',
      'drop 0.5000',
      'drop 0.7500',
      'rate 800',
      'drop 0.5000',
      'rate null',
      'drop null',
    ]);
  });
});
