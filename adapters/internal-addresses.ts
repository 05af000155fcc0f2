/**
 * The addresses an outbound webhook may never reach (server-side request forgery): loopback,
 * private, link-local (the instance metadata service), CGNAT, unspecified, multicast and reserved
 * ranges. Checked at registration for an address in the URL (api/webhook-routes.ts) and at every
 * delivery for whatever the host resolves to (adapters/webhook-transport.ts).
 */
import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) INTERNAL.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [['::', 128], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8]] as const) INTERNAL.addSubnet(network, prefix, 'ipv6');

/** Why an address may not be delivered to, or null when it may (IPv4-mapped IPv6 addresses are checked as their IPv4 address). */
export function refusedAddress(address: string, allowLoopback: boolean): 'loopback' | 'private' | null {
  const family = isIP(address);
  if (family === 0) return 'private'; // not an address at all: never connect to it
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (LOOPBACK.check(address, type)) return allowLoopback ? null : 'loopback';
  return INTERNAL.check(address, type) ? 'private' : null;
}
