/**
 * Telegram's own HTML parser, offline: TDLib's `parseTextEntities` through
 * `tdl` + `@prebuilt-tdlib/linux-x64-glibc` (the same loader the sandbox
 * uses). What it accepts, Telegram accepts. Tests need it: its absence is an
 * error here, not a skip.
 */
import { loadTdlibHtml } from '../../src/sandbox/tdlib-html.js';
import type { HtmlValidation } from '../../src/standin/types.js';

export interface ParsedEntity {
  offset: number;
  length: number;
  type: string;
  url?: string;
}
export type ParseResult = { ok: true; text: string; entities: ParsedEntity[] } | { ok: false; error: string };

const loaded = await loadTdlibHtml();
if (!loaded.ok) throw new Error(`Telegram's HTML parser is needed by the tests: ${loaded.reason}`);
const parse = loaded.parse;

/** Parse `html` exactly as Telegram does for `parse_mode: "HTML"`. */
export function parseTelegramHtml(html: string): ParseResult {
  return parse(html) as HtmlValidation as ParseResult;
}
