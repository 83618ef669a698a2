/**
 * Where webhooks may go. A webhook URL names a host the server then connects to, from inside the
 * network: without a check, a schedule could make the server POST to its own admin ports, cloud
 * metadata (169.254.169.254) or anything on the private network. So every address a host resolves
 * to must be public, unless the host is in WEBHOOK_ALLOWLIST; the connection then goes to the very
 * address checked (no second lookup a DNS rebinding could answer differently).
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // unspecified / "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['fe80::', 10], // link-local
  ['fc00::', 7], // unique-local
  ['ff00::', 8], // multicast
  ['64:ff9b::', 96], // NAT64 of an IPv4 address
  ['::', 96], // IPv4-compatible (deprecated)
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

const MAPPED = /^::ffff:(?:0:)?(\d+\.\d+\.\d+\.\d+)$/i;
const MAPPED_HEX = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i;

/** The IPv4 address an IPv4-mapped IPv6 address stands for (either notation), else the address. */
function unmapped(address: string): string {
  const dotted = MAPPED.exec(address);
  if (dotted?.[1]) return dotted[1];
  const hex = MAPPED_HEX.exec(address);
  if (hex?.[1] && hex[2]) {
    const a = Number.parseInt(hex[1], 16);
    const b = Number.parseInt(hex[2], 16);
    return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
  }
  return address;
}

/** Whether an IP address is not publicly routable (loopback, private, link-local, ...). */
export function isPrivateAddress(address: string): boolean {
  const a = unmapped(address.replace(/^\[|\]$/g, '').split('%')[0] as string);
  const family = isIP(a);
  if (family === 0) return true; // not an address: refuse rather than guess
  return blocked.check(a, family === 4 ? 'ipv4' : 'ipv6');
}

export interface WebhookPolicy {
  /** Host names (or literal addresses) exempt from the address check, lower case. */
  allowlist: ReadonlySet<string>;
}

/** The URL's problem, or null when it may be used (syntax and scheme; addresses come at send time). */
export function urlProblem(raw: string, policy: WebhookPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  const host = hostOf(url);
  const allowed = policy.allowlist.has(host);
  if (url.protocol === 'http:' && !allowed)
    return 'must be https:// (http:// only for hosts in WEBHOOK_ALLOWLIST)';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https:// URL';
  if (url.username || url.password) return 'must not carry credentials';
  if (!allowed && isIP(host) && isPrivateAddress(host))
    return `points to a private, loopback or link-local address (${host}); add the host to WEBHOOK_ALLOWLIST to allow it`;
  if (!allowed && (host === 'localhost' || host.endsWith('.localhost'))) return 'points to localhost';
  return null;
}

export const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

/** The address to connect to: the host's first address, when every address is public (or allowlisted). */
export async function resolveWebhookHost(
  host: string,
  policy: WebhookPolicy,
): Promise<{ address: string; family: number }> {
  const literal = isIP(host);
  const addresses = literal
    ? [{ address: host, family: literal }]
    : await lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new Error(`${host} does not resolve`);
  if (!policy.allowlist.has(host)) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) throw new Error(`refused: ${host} resolves to a non-public address (${bad.address})`);
  }
  return addresses[0] as { address: string; family: number };
}
