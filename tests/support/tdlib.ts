/**
 * Telegram's own HTML parser, offline: TDLib's `parseTextEntities` through
 * `tdl` + `prebuilt-tdlib`. What it accepts, Telegram accepts.
 */
import * as tdl from 'tdl';
import { getTdjson } from 'prebuilt-tdlib';

export interface ParsedEntity {
  offset: number;
  length: number;
  type: string;
  url?: string;
}
export type ParseResult =
  | { ok: true; text: string; entities: ParsedEntity[] }
  | { ok: false; error: string };

let configured = false;

/** Parse `html` exactly as Telegram does for `parse_mode: "HTML"`. */
export function parseTelegramHtml(html: string): ParseResult {
  if (!configured) {
    tdl.configure({ tdjson: getTdjson(), verbosityLevel: 0 });
    configured = true;
  }
  const r = tdl.execute({
    _: 'parseTextEntities',
    text: html,
    parse_mode: { _: 'textParseModeHTML' },
  }) as unknown as
    | { _: 'formattedText'; text: string; entities: Array<{ offset: number; length: number; type: { _: string; url?: string } }> }
    | { _: 'error'; message: string };
  if (r._ === 'error') return { ok: false, error: r.message };
  return {
    ok: true,
    text: r.text,
    entities: r.entities.map((e) => ({
      offset: e.offset,
      length: e.length,
      type: e.type._.replace(/^textEntityType/, ''),
      ...(e.type.url ? { url: e.type.url } : {}),
    })),
  };
}
