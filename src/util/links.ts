/**
 * Which link targets reach Telegram, and how. `http`, `https` and `tg`
 * become links. `mailto:` does not work as a link in Telegram (its HTML parser
 * reads `mailto:a@b.org` as a host name, `http://mailto:a@b.org/`), so an
 * email address is written as text, which Telegram links by itself. Every
 * other scheme (`javascript:`, `file:`, `data:`) and relative links keep only
 * their text.
 */
const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'tg:', 'mailto:']);
const LINK_SCHEMES = new Set(['http:', 'https:', 'tg:']);

function urlWith(schemes: Set<string>, href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  const trimmed = href.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  return schemes.has(url.protocol.toLowerCase()) ? trimmed : undefined;
}

/** The URL when its scheme is one Telegram's HTML accepts (http, https, tg, mailto), otherwise undefined. */
export function safeUrl(href: string | null | undefined): string | undefined {
  return urlWith(ALLOWED_SCHEMES, href);
}

/** The URL when the renderer makes a link of it: http, https, tg (mailto is written as an address instead). */
export function linkUrl(href: string | null | undefined): string | undefined {
  return urlWith(LINK_SCHEMES, href);
}

/** One plain address: what Telegram recognises as an email in text. */
const ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;

/** The address of a `mailto:` link (without `?subject=…`), or undefined when it is not one. */
export function emailAddress(href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  const m = /^\s*mailto:([^?#]*)/i.exec(href);
  if (!m) return undefined;
  let address: string;
  try {
    address = decodeURIComponent(m[1]!).trim();
  } catch {
    return undefined;
  }
  return address.length <= 254 && ADDRESS.test(address) ? address : undefined;
}

/**
 * Whether `c` next to an address would hide it from Telegram's email
 * detection (checked with TDLib's getTextEntities): letters, CJK characters
 * and full-width punctuation do; spaces, ASCII brackets and punctuation and
 * curly quotes do not. A colon before it turns it into a URL.
 */
export function joinsEmail(c: string): boolean {
  return !/[\s()<>[\]"'!,.;?“”‘’]/.test(c);
}
