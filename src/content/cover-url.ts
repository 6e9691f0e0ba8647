/**
 * Which cover image URLs may be handed to Telegram's sendPhoto. Telegram
 * fetches the URL itself, so this is about what the bot is willing to
 * publish: an http(s) address on a public host. A literal address that is
 * loopback, private, link-local (cloud metadata at 169.254.169.254),
 * unspecified, multicast or reserved names no picture an editor meant for
 * readers, and other schemes (`tg:`, `mailto:`, `file:`) are no pictures.
 *
 * The check runs on the WHATWG-parsed host, so every spelling the URL parser
 * accepts is judged by what it means: `http://2130706433/`, `0177.0.0.1`
 * and `0x7f.1` all become 127.0.0.1; `[::ffff:127.0.0.1]` becomes
 * `[::ffff:7f00:1]`, which node's BlockList matches against the IPv4 rules.
 */
import { BlockList, isIP } from 'node:net';

const refused = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  refused.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 96], // unspecified, loopback (::1) and IPv4-compatible forms
  ['64:ff9b::', 96], // NAT64: an IPv4 address in disguise
  ['64:ff9b:1::', 48], // local-use NAT64
  ['2002::', 16], // 6to4: an IPv4 address in disguise
  ['fc00::', 7], // unique local (private)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  refused.addSubnet(net, bits, 'ipv6');
}
// ::ffff:a.b.c.d is matched against the IPv4 rules by BlockList itself.

/**
 * The address to hand to Telegram, or why `raw` may not be a cover image.
 * The accepted address is the parser's serialisation (`href`), not the raw
 * text, so Telegram's fetcher never reads a spelling this check read
 * differently (a backslash or stray whitespace, say).
 */
export function checkCoverUrl(raw: string): { url: string } | { refused: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { refused: 'is not a web address' };
  }
  const why = refusal(url);
  return why === undefined ? { url: url.href } : { refused: why };
}

function refusal(url: URL): string | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `must be an http(s) address, not ${url.protocol}`;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'points at this machine (localhost)';
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  const family = isIP(literal);
  if (family !== 0 && refused.check(literal, family === 4 ? 'ipv4' : 'ipv6')) {
    return `points at a local, private or reserved address (${literal})`;
  }
  return undefined;
}
