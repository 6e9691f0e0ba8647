/**
 * Telegram's own HTML parser for the sandbox: TDLib's `parseTextEntities`
 * through `tdl` and `@prebuilt-tdlib/linux-x64-glibc`, so the sandbox refuses
 * exactly what Telegram refuses. Both are development dependencies (the
 * library only exists for linux-x64), so they are loaded on demand and their
 * absence is an answer, not an error: the bot itself never loads them.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { HtmlValidation } from '../standin/types.js';

export type HtmlParser = (html: string) => HtmlValidation;

export type TdlibLoad = { ok: true; parse: HtmlParser } | { ok: false; reason: string };

/** The slice of tdl's API used here (typed locally so tdl stays out of the build's type graph). */
interface Tdl {
  configure(options: { tdjson?: string; verbosityLevel?: number | 'default' }): void;
  execute(request: Record<string, unknown>): unknown;
}

type TdResult =
  | {
      _: 'formattedText';
      text: string;
      entities: Array<{ offset: number; length: number; type: { _: string; url?: string; language?: string } }>;
    }
  | { _: 'error'; message: string };

const PREBUILT = '@prebuilt-tdlib/linux-x64-glibc';

// tdl accepts configure() once per process, so the first load is the only one.
let loading: Promise<TdlibLoad> | undefined;

/** Load TDLib's parser, or say in one sentence why it is not available. Never throws. */
export function loadTdlibHtml(): Promise<TdlibLoad> {
  loading ??= load();
  return loading;
}

async function load(): Promise<TdlibLoad> {
  const require = createRequire(import.meta.url);
  let tdjson: string;
  try {
    tdjson = join(dirname(require.resolve(`${PREBUILT}/package.json`)), 'libtdjson.so');
  } catch {
    return { ok: false, reason: `${PREBUILT} is not installed (TDLib is only published for linux-x64; npm ci installs it there)` };
  }
  let tdl: Tdl;
  try {
    // A specifier in a variable: neither tsc nor a bundler should treat tdl as a dependency of the bot.
    const name = 'tdl';
    const mod = (await import(name)) as Tdl & { default?: Tdl };
    tdl = typeof mod.configure === 'function' ? mod : mod.default!;
  } catch {
    return { ok: false, reason: 'the tdl package is not installed (it is a development dependency: run npm ci)' };
  }
  try {
    try {
      tdl.configure({ tdjson, verbosityLevel: 0 });
    } catch (err) {
      // Someone in this process (a test helper) already set TDLib up: use it as it is.
      if (!/already initialized/.test((err as Error).message)) throw err;
    }
    const parse = parser(tdl);
    // The shared library loads on first use: fail here, once, rather than on the first message.
    const probe = parse('<b>ok</b>');
    if (!probe.ok) return { ok: false, reason: `TDLib answered a probe with "${probe.error}"` };
    return { ok: true, parse };
  } catch (err) {
    return { ok: false, reason: `TDLib could not be loaded: ${(err as Error).message}` };
  }
}

function parser(tdl: Tdl): HtmlParser {
  return (html) => {
    const r = tdl.execute({ _: 'parseTextEntities', text: html, parse_mode: { _: 'textParseModeHTML' } }) as TdResult;
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
  };
}
