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

interface TdlExecute {
  execute(request: Record<string, unknown>): unknown;
}
// tdl is set up by the loader above; its execute() is synchronous and needs no client.
const tdlName = 'tdl';
const tdlModule = (await import(tdlName)) as TdlExecute & { default?: TdlExecute };
const tdl: TdlExecute = typeof tdlModule.execute === 'function' ? tdlModule : tdlModule.default!;

/**
 * The entities Telegram finds by itself in plain text (TDLib's
 * getTextEntities, which it applies to every message's text): URLs, email
 * addresses, mentions, hashtags. Type names without TDLib's prefix.
 */
export function findTextEntities(text: string): Array<{ offset: number; length: number; type: string }> {
  const r = tdl.execute({ _: 'getTextEntities', text }) as { entities: Array<{ offset: number; length: number; type: { _: string } }> };
  return r.entities.map((e) => ({ offset: e.offset, length: e.length, type: e.type._.replace(/^textEntityType/, '') }));
}
