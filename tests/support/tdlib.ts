/**
 * Telegram's own HTML parser, offline: TDLib's `parseTextEntities` through
 * `tdl` + `prebuilt-tdlib`. What it accepts, Telegram accepts.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tdl from 'tdl';

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

/**
 * TDLib's shared library from the npm registry. Only the linux-x64 build is
 * depended on (the registry here serves no other platform's build), as an
 * optional dependency so installs elsewhere still succeed.
 */
function tdjsonPath(): string {
  try {
    const pkg = createRequire(import.meta.url).resolve('@prebuilt-tdlib/linux-x64-glibc/package.json');
    return join(dirname(pkg), 'libtdjson.so');
  } catch {
    throw new Error(`TDLib is not installed for ${process.platform}-${process.arch}: the conformance tests need @prebuilt-tdlib/linux-x64-glibc (linux x64)`);
  }
}

/** Parse `html` exactly as Telegram does for `parse_mode: "HTML"`. */
export function parseTelegramHtml(html: string): ParseResult {
  if (!configured) {
    tdl.configure({ tdjson: tdjsonPath(), verbosityLevel: 0 });
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
