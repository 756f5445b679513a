/**
 * Fault kinds as the fault library names them, grouped by what a requirement cares about. A
 * requirement matches any of the names in its group.
 */
export const credentialFaultKinds: readonly string[] = [
  'credentials',
  'credential-change',
  'rotate-credentials',
  'handover',
];
export const staleNonceFaultKinds: readonly string[] = ['nonce-expiry', 'stale-nonce', 'nonce'];
export const rebootFaultKinds: readonly string[] = ['reboot'];
export const uriChangeFaultKinds: readonly string[] = ['readdress', 'stream-uri', 'uri-change'];
export const bandwidthFaultKinds: readonly string[] = ['bandwidth', 'bandwidth-cap'];
export const lossFaultKinds: readonly string[] = ['loss', 'packet-loss'];
