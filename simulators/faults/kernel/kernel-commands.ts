/**
 * The ip, tc and nft command lines of kernel mode, as argv arrays (never shell strings). Pure:
 * inputs in, argv out, so every command is unit-tested and shows up verbatim in errors.
 */
export type Argv = readonly string[];

/** The names and addresses of one site's namespace. */
export interface SiteNamespaceSpec {
  /** The network namespace (`ip netns` name). */
  netns: string;
  /** The veth end left in the host namespace (15 characters at most, as Linux allows). */
  hostDevice: string;
  /** The veth end moved into the site's namespace; the site's uplink. */
  nsDevice: string;
  /** The /30 carrying the link: host end `hostAddress`, namespace end `nsAddress`. */
  hostAddress: string;
  nsAddress: string;
  linkPrefix: number;
  /** The cameras' block (CIDR): local inside the namespace, routed to it from the host. */
  cameraBlock: string;
}

/** The table kernel mode owns inside a site namespace; deleting it removes every rule at once. */
export const NFT_TABLE = 'camlab';
/** tbf queues at most this long before dropping (the router's buffer). */
export const TBF_LATENCY_MS = 400;

/** Runs argv inside `netns` when given (tc and nft through `ip netns exec`), else in this namespace. */
export function inNetns(netns: string | undefined, argv: Argv): Argv {
  return netns === undefined ? argv : ['ip', 'netns', 'exec', netns, ...argv];
}

/** Creates the namespace, the veth pair, the link addresses, the cameras' block and both routes. */
export function createSiteCommands(s: SiteNamespaceSpec): Argv[] {
  return [
    ['ip', 'netns', 'add', s.netns],
    ['ip', 'link', 'add', s.hostDevice, 'type', 'veth', 'peer', 'name', s.nsDevice, 'netns', s.netns],
    ['ip', 'addr', 'add', `${s.hostAddress}/${s.linkPrefix}`, 'dev', s.hostDevice],
    ['ip', 'link', 'set', s.hostDevice, 'up'],
    ['ip', '-n', s.netns, 'link', 'set', 'lo', 'up'],
    ['ip', '-n', s.netns, 'addr', 'add', `${s.nsAddress}/${s.linkPrefix}`, 'dev', s.nsDevice],
    ['ip', '-n', s.netns, 'link', 'set', s.nsDevice, 'up'],
    // Every address of the block is local in the namespace (as on lo), so each camera binds its own.
    ['ip', '-n', s.netns, 'route', 'add', 'local', s.cameraBlock, 'dev', 'lo'],
    ['ip', '-n', s.netns, 'route', 'add', 'default', 'via', s.hostAddress, 'dev', s.nsDevice],
    ['ip', 'route', 'add', s.cameraBlock, 'via', s.nsAddress, 'dev', s.hostDevice],
  ];
}

/**
 * Removes the site. Deleting the namespace destroys its veth end, which takes the peer and the
 * host route with it; the host end is deleted too in case the namespace never got its end.
 */
export function deleteSiteCommands(s: Pick<SiteNamespaceSpec, 'netns' | 'hostDevice'>): Argv[] {
  return [
    ['ip', 'netns', 'del', s.netns],
    ['ip', 'link', 'del', s.hostDevice],
  ];
}

/**
 * The token bucket's depth: at least 10 ms at the rate (the kernel refills per timer tick) and
 * two full-size frames, else tbf cannot pass a packet at all.
 */
export function tbfBurstBytes(rateKbps: number): number {
  return Math.max(3_200, Math.ceil((rateKbps * 1_000) / 8 / 100));
}

/** Caps what leaves `device` (cameras to hubs on a site's uplink) at rateKbps; null removes the cap. */
export function rateCommand(netns: string | undefined, device: string, rateKbps: number | null): Argv {
  if (rateKbps === null) return inNetns(netns, ['tc', 'qdisc', 'del', 'dev', device, 'root']);
  if (!(rateKbps > 0)) throw new RangeError(`rate must be above 0 kbit/s, got ${rateKbps}`);
  return inNetns(netns, [
    'tc',
    'qdisc',
    'replace',
    'dev',
    device,
    'root',
    'tbf',
    'rate',
    `${Math.round(rateKbps)}kbit`,
    'burst',
    String(tbfBurstBytes(rateKbps)),
    'latency',
    `${TBF_LATENCY_MS}ms`,
  ]);
}

/**
 * Random drop of `ratio` of the packets leaving `device` (nft numgen; this kernel has no netem),
 * only those from `sourceBlock` when given (the cameras: the site's control API stays reachable).
 * The table is replaced as a whole, so a new ratio never stacks on the old rule; null deletes it.
 */
export function dropCommands(
  netns: string | undefined,
  device: string,
  ratio: number | null,
  sourceBlock?: string,
): Argv[] {
  const del = inNetns(netns, ['nft', 'delete', 'table', 'inet', NFT_TABLE]);
  if (ratio === null) return [del];
  if (!(ratio > 0 && ratio <= 1)) throw new RangeError(`drop ratio must be in (0, 1], got ${ratio}`);
  // Parts per million, at least one: a tiny ratio still drops now and then rather than never.
  const perMillion = Math.max(1, Math.round(ratio * 1_000_000));
  return [
    inNetns(netns, ['nft', 'add', 'table', 'inet', NFT_TABLE]),
    inNetns(netns, ['nft', 'flush', 'table', 'inet', NFT_TABLE]),
    inNetns(netns, [
      'nft',
      'add',
      'chain',
      'inet',
      NFT_TABLE,
      'egress',
      '{ type filter hook postrouting priority 0; policy accept; }',
    ]),
    // numgen draws 0..999999: a whole share needs no draw at all.
    inNetns(netns, [
      'nft',
      'add',
      'rule',
      'inet',
      NFT_TABLE,
      'egress',
      'oifname',
      `"${device}"`,
      ...(sourceBlock === undefined ? [] : ['ip', 'saddr', sourceBlock]),
      ...(perMillion >= 1_000_000 ? [] : ['numgen', 'random', 'mod', '1000000', '<', String(perMillion)]),
      'drop',
    ]),
  ];
}
