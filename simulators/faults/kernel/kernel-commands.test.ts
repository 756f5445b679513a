import { describe, expect, it } from 'vitest';
import {
  createSiteCommands,
  deleteSiteCommands,
  dropCommands,
  inNetns,
  rateCommand,
  tbfBurstBytes,
  type SiteNamespaceSpec,
} from './kernel-commands.ts';
import { siteNamespaceNames, siteNamespaceSpec } from './site-namespace.ts';

const spec: SiteNamespaceSpec = {
  netns: 'camlab-1x-north',
  hostDevice: 'c1xs0h',
  nsDevice: 'c1xs0n',
  hostAddress: '10.214.0.1',
  nsAddress: '10.214.0.2',
  linkPrefix: 30,
  cameraBlock: '10.213.5.0/24',
};

describe('kernel-mode command lines', () => {
  it('creates the namespace, the veth pair, the link, the cameras block and both routes', () => {
    expect(createSiteCommands(spec)).toEqual([
      ['ip', 'netns', 'add', 'camlab-1x-north'],
      ['ip', 'link', 'add', 'c1xs0h', 'type', 'veth', 'peer', 'name', 'c1xs0n', 'netns', 'camlab-1x-north'],
      ['ip', 'addr', 'add', '10.214.0.1/30', 'dev', 'c1xs0h'],
      ['ip', 'link', 'set', 'c1xs0h', 'up'],
      ['ip', '-n', 'camlab-1x-north', 'link', 'set', 'lo', 'up'],
      ['ip', '-n', 'camlab-1x-north', 'addr', 'add', '10.214.0.2/30', 'dev', 'c1xs0n'],
      ['ip', '-n', 'camlab-1x-north', 'link', 'set', 'c1xs0n', 'up'],
      ['ip', '-n', 'camlab-1x-north', 'route', 'add', 'local', '10.213.5.0/24', 'dev', 'lo'],
      ['ip', '-n', 'camlab-1x-north', 'route', 'add', 'default', 'via', '10.214.0.1', 'dev', 'c1xs0n'],
      ['ip', 'route', 'add', '10.213.5.0/24', 'via', '10.214.0.2', 'dev', 'c1xs0h'],
    ]);
  });

  it('deletes by name: the namespace, then the host end in case the pair was never moved', () => {
    expect(deleteSiteCommands(spec)).toEqual([
      ['ip', 'netns', 'del', 'camlab-1x-north'],
      ['ip', 'link', 'del', 'c1xs0h'],
    ]);
  });

  it('runs tc and nft inside the namespace when one is named, else here', () => {
    expect(inNetns('ns1', ['tc', 'qdisc', 'show'])).toEqual(['ip', 'netns', 'exec', 'ns1', 'tc', 'qdisc', 'show']);
    expect(inNetns(undefined, ['tc', 'qdisc', 'show'])).toEqual(['tc', 'qdisc', 'show']);
  });

  const rateCases = [
    {
      rateKbps: 1_000,
      argv: [
        'tc',
        'qdisc',
        'replace',
        'dev',
        'eth9',
        'root',
        'tbf',
        'rate',
        '1000kbit',
        'burst',
        '3200',
        'latency',
        '400ms',
      ],
    },
    {
      rateKbps: 100_000,
      argv: [
        'tc',
        'qdisc',
        'replace',
        'dev',
        'eth9',
        'root',
        'tbf',
        'rate',
        '100000kbit',
        'burst',
        '125000',
        'latency',
        '400ms',
      ],
    },
    {
      rateKbps: 256.4,
      argv: [
        'tc',
        'qdisc',
        'replace',
        'dev',
        'eth9',
        'root',
        'tbf',
        'rate',
        '256kbit',
        'burst',
        '3200',
        'latency',
        '400ms',
      ],
    },
    { rateKbps: null, argv: ['tc', 'qdisc', 'del', 'dev', 'eth9', 'root'] },
  ];
  it.each(rateCases)('tbf at $rateKbps kbit/s', ({ rateKbps, argv }) => {
    expect(rateCommand(undefined, 'eth9', rateKbps)).toEqual(argv);
  });

  it('sizes the bucket to 10 ms at the rate, never below two full frames', () => {
    expect(tbfBurstBytes(64)).toBe(3_200);
    expect(tbfBurstBytes(8_000)).toBe(10_000);
  });

  it('refuses rates and ratios it cannot express', () => {
    expect(() => rateCommand(undefined, 'eth9', 0)).toThrow(RangeError);
    expect(() => dropCommands(undefined, 'eth9', 0)).toThrow(RangeError);
    expect(() => dropCommands(undefined, 'eth9', 1.5)).toThrow(RangeError);
  });

  it('drops a ratio of the uplink packets (of the cameras, when given) with one numgen rule in its own table', () => {
    const argv = dropCommands('ns1', 'c1xs0n', 0.05);
    expect(argv.at(-1)).toEqual([
      'ip',
      'netns',
      'exec',
      'ns1',
      'nft',
      'add',
      'rule',
      'inet',
      'camlab',
      'egress',
      'oifname',
      '"c1xs0n"',
      'numgen',
      'random',
      'mod',
      '1000000',
      '<',
      '50000',
      'drop',
    ]);
    expect(argv.map((a) => a.slice(4, 6))).toEqual([
      ['nft', 'add'],
      ['nft', 'flush'],
      ['nft', 'add'],
      ['nft', 'add'],
    ]);
    expect(dropCommands(undefined, 'c1xs0n', 1).at(-1)).toEqual([
      'nft',
      'add',
      'rule',
      'inet',
      'camlab',
      'egress',
      'oifname',
      '"c1xs0n"',
      'drop',
    ]);
    expect(dropCommands(undefined, 'c1xs0n', 0.5, '10.213.5.0/24').at(-1)).toEqual([
      'nft',
      'add',
      'rule',
      'inet',
      'camlab',
      'egress',
      'oifname',
      '"c1xs0n"',
      'ip',
      'saddr',
      '10.213.5.0/24',
      'numgen',
      'random',
      'mod',
      '1000000',
      '<',
      '500000',
      'drop',
    ]);
    expect(dropCommands(undefined, 'c1xs0n', 1e-9).at(-1)!.slice(-3)).toEqual(['<', '1', 'drop']);
    expect(dropCommands(undefined, 'c1xs0n', null)).toEqual([['nft', 'delete', 'table', 'inet', 'camlab']]);
  });
});

describe('site namespace names and addresses', () => {
  it('derives names from the run and the site, within the 15-character device limit', () => {
    expect(siteNamespaceNames('23k', 1, 'south')).toEqual({
      netns: 'camlab-23k-south',
      hostDevice: 'c23ks1h',
      nsDevice: 'c23ks1n',
    });
    expect(() => siteNamespaceNames('abcdefghijk', 100, 'x')).toThrow(/longer than 15/);
  });

  it('gives site i the i-th /30 of the link block', () => {
    expect(
      siteNamespaceSpec({
        runId: '1x',
        siteIndex: 2,
        siteName: 'west',
        cameraBlock: '10.213.7.0/24',
        linkBlock: '10.214.0.0/16',
      }),
    ).toEqual({
      netns: 'camlab-1x-west',
      hostDevice: 'c1xs2h',
      nsDevice: 'c1xs2n',
      hostAddress: '10.214.0.9',
      nsAddress: '10.214.0.10',
      linkPrefix: 30,
      cameraBlock: '10.213.7.0/24',
    });
  });

  it('refuses loopback camera blocks and links inside the cameras block', () => {
    expect(() =>
      siteNamespaceSpec({
        runId: '1x',
        siteIndex: 0,
        siteName: 'lab',
        cameraBlock: '127.22.0.0/24',
        linkBlock: '10.214.0.0/16',
      }),
    ).toThrow(/loopback/);
    expect(() =>
      siteNamespaceSpec({
        runId: '1x',
        siteIndex: 0,
        siteName: 'lab',
        cameraBlock: '10.213.0.0/16',
        linkBlock: '10.213.255.0/24',
      }),
    ).toThrow(/overlaps/);
  });
});
