const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'tg:', 'mailto:']);

/** The URL when Telegram may link to it (http, https, tg, mailto), otherwise undefined. */
export function safeUrl(href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  const trimmed = href.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  return ALLOWED_SCHEMES.has(url.protocol.toLowerCase()) ? trimmed : undefined;
}
