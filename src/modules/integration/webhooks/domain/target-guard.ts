import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may not point (SSRF): loopback, unspecified, link-local (cloud metadata at
 * 169.254.169.254), private, unique-local, CGNAT, multicast, benchmark and reserved ranges.
 * Addresses that embed an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) are judged by it.
 */
const DENIED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  DENIED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['100::', 64], // discard-only
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some stacks)
  ['ff00::', 8], // multicast
] as const)
  DENIED.addSubnet(net, prefix, 'ipv6');

/** The IPv4 address an IPv6 address carries, for the forms that route to it; null otherwise. */
export function embeddedIpv4(v6: string): string | null {
  const words = expandIpv6(v6);
  if (!words) return null;
  const v4 = (hi: number, lo: number): string => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number): boolean => words.slice(from, to).every((w) => w === 0);
  if (zeros(0, 5) && words[5] === 0xffff) return v4(words[6]!, words[7]!); // ::ffff:a.b.c.d (mapped)
  if (zeros(0, 6) && (words[6]! !== 0 || words[7]! > 1)) return v4(words[6]!, words[7]!); // ::a.b.c.d (compatible)
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return v4(words[6]!, words[7]!); // NAT64
  if (words[0] === 0x2002) return v4(words[1]!, words[2]!); // 6to4
  return null;
}

/** Eight 16-bit words of an IPv6 literal (dotted IPv4 tail allowed), or null if it is not one. */
function expandIpv6(address: string): number[] | null {
  let text = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIP(text) !== 6) return null;
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const fill = rest === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  const words = [...left, ...fill, ...right].map((w) => parseInt(w, 16));
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : null;
}

/** True when an IP address (v4 or v6, brackets allowed) is in a denied range. */
export function isDeniedAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(ip);
  if (family === 4) return DENIED.check(ip, 'ipv4');
  if (family !== 6) return true; // not an address at all: never connect to it
  const v4 = embeddedIpv4(ip);
  if (v4 !== null && DENIED.check(v4, 'ipv4')) return true;
  return DENIED.check(ip, 'ipv6');
}

/** Host names that always mean this machine (RFC 6761), refused without asking DNS. */
export function isLocalName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === 'localhost.localdomain';
}

/** A URL's host as an IP literal (WHATWG URL already turned `2130706433`, `0x7f.1` into dotted form). */
export function hostAsIp(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? host : null;
}

const LOOKUP_TIMEOUT_MS = 2_000;

/**
 * Why a webhook URL may not be subscribed, or null. An IP literal or a local name is judged at once;
 * a name is resolved and refused if any of its addresses is denied. A name that does not resolve now
 * is accepted: the delivery-time check (on the address actually connected to) is the one that holds.
 */
export async function deniedTarget(url: URL): Promise<string | null> {
  const literal = hostAsIp(url);
  if (literal !== null) return isDeniedAddress(literal) ? `${literal} is an internal address` : null;
  if (isLocalName(url.hostname)) return `${url.hostname} is this machine`;
  const addresses = await Promise.race([
    lookup(url.hostname, { all: true }).catch(() => []),
    new Promise<[]>((resolve) => setTimeout(() => resolve([]), LOOKUP_TIMEOUT_MS).unref()),
  ]);
  const denied = addresses.find((a) => isDeniedAddress(a.address));
  return denied ? `${url.hostname} resolves to an internal address` : null;
}
