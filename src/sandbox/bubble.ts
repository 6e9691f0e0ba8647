/**
 * How a message looks in the sandbox's terminal: a header line saying where
 * it went and what it is, the text as the reader sees it (with light ANSI
 * styling on a terminal), then its buttons, numbered so they can be pressed.
 * Pure: a message in, a string out.
 */
import type { Entity } from '../standin/types.js';
import { foldedEdit } from './edit-view.js';

/** A report part a message was recognised as. */
export interface PartRef {
  reportId: string;
  /** 0-based. */
  index: number;
  total: number;
}

export interface Button {
  text: string;
  callbackData?: string;
  url?: string;
}

export interface BubbleView {
  /** Who sees it: "channel", "bot", "bot → Editor". */
  where: string;
  tone: 'channel' | 'bot' | 'other';
  text: string;
  entities: Entity[];
  /** A photo message: the URL (or uploaded file name); `text` is the caption. */
  photo?: string;
  part?: PartRef;
  /** Running number of the message in its chat, for channel messages no report part explains. */
  ordinal?: number;
  /** Show `used/limit` (channel posts and report parts: the numbers an editor watches). */
  showLength: boolean;
  /** A rich message: `text` is its outline, and this its counts against the rich limits. */
  rich?: string;
  silent: boolean;
  edited: boolean;
  /** For an edit: the text before it, so a long message shows only what changed. */
  before?: string;
  keyboard: Button[][];
}

const WIDTH = 64;
const RESET = '\x1b[0m';

/** SGR codes per entity type; types not listed are shown plain. */
const STYLE: Record<string, string> = {
  bold: '1',
  italic: '3',
  underline: '4',
  strikethrough: '9',
  spoiler: '2',
  code: '36',
  pre: '36',
  text_link: '34;4',
  url: '34;4',
  email: '34;4',
  mention: '34',
  hashtag: '34',
  cashtag: '34',
};

export const paint = (color: boolean, codes: string, s: string): string => (color && s ? `\x1b[${codes}m${s}${RESET}` : s);

export const thousands = (n: number): string => n.toLocaleString('en-US');

/** The text with its entities as ANSI styles; link targets follow their text, dimmed. Plain when `color` is off. */
export function styleText(text: string, entities: Entity[], color: boolean): string {
  if (!color || entities.length === 0) return text;
  const end = (e: Entity): number => Math.min(e.offset + e.length, text.length);
  const cuts = [...new Set([0, text.length, ...entities.flatMap((e) => [e.offset, end(e)])])].sort((a, b) => a - b);
  let out = '';
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i]!;
    const to = cuts[i + 1]!;
    const codes = entities.filter((e) => e.offset <= from && end(e) >= to && STYLE[e.type]).map((e) => STYLE[e.type]!);
    out += codes.length > 0 ? paint(true, codes.join(';'), text.slice(from, to)) : text.slice(from, to);
    for (const e of entities) {
      const url = typeof e.url === 'string' ? e.url : undefined;
      if (e.type === 'text_link' && url && end(e) === to && url !== text.slice(e.offset, to)) out += paint(true, '2', ` ‹${url}›`);
    }
  }
  return out;
}

function headerLine(v: BubbleView, color: boolean): string {
  const facts: string[] = [];
  if (v.part) {
    if (v.part.index === 0) facts.push(v.part.reportId);
    facts.push(`message ${v.part.index + 1}/${v.part.total}`);
  } else if (v.ordinal !== undefined) {
    facts.push(`message #${v.ordinal}`);
  }
  if (v.rich !== undefined) facts.push(`rich message · ${v.rich}`);
  else if (v.showLength) facts.push(`${thousands(v.text.length)}/${thousands(v.photo !== undefined ? 1024 : 4096)}`);
  if (v.silent) facts.push('silent');
  if (v.edited) facts.push('edited');
  const plainLength = [v.where, ...facts].join(' · ').length;
  const who = paint(color, v.tone === 'channel' ? '1;36' : v.tone === 'bot' ? '1;32' : '1;35', v.where);
  const rest = facts.length > 0 ? paint(color, '2', ` · ${facts.join(' · ')}`) : '';
  return `${paint(color, '2', '──')} ${who}${rest} ${paint(color, '2', '─'.repeat(Math.max(2, WIDTH - plainLength - 4)))}`;
}

/** Keyboard rows as `:1 [text]` lines; numbering starts at 1 and runs across rows. */
export function keyboardLines(rows: Button[][], color: boolean): string[] {
  let n = 0;
  return rows
    .filter((row) => row.length > 0)
    .map(
      (row) =>
        `  ${row
          .map((b) => {
            n += 1;
            const label = b.callbackData !== undefined ? b.text : b.url !== undefined ? `${b.text} ↗` : `${b.text} (not pressable here)`;
            return `${paint(color, '1;33', `:${n}`)} [${label}]`;
          })
          .join('   ')}`,
    );
}

export function formatBubble(v: BubbleView, color: boolean): string {
  const lines = [headerLine(v, color)];
  if (v.photo !== undefined) lines.push(paint(color, '35', `[photo ${v.photo}]`));
  const changes =
    v.edited && v.before !== undefined
      ? foldedEdit(v.before, v.text, (kind, s) => paint(color, kind === 'add' ? '32' : kind === 'del' ? '31' : '2', s))
      : undefined;
  if (changes) lines.push(...changes);
  else if (v.text !== '') lines.push(styleText(v.text, v.entities, color));
  lines.push(...keyboardLines(v.keyboard, color));
  return lines.join('\n');
}

/** The buttons of a Bot API `reply_markup`, or none for anything but an inline keyboard. */
export function inlineButtons(markup: unknown): Button[][] {
  const rows = (markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  if (!Array.isArray(rows)) return [];
  return rows.map((row) =>
    (Array.isArray(row) ? row : []).map((b: Record<string, unknown>) => ({
      text: String(b.text ?? ''),
      ...(typeof b.callback_data === 'string' ? { callbackData: b.callback_data } : {}),
      ...(typeof b.url === 'string' ? { url: b.url } : {}),
    })),
  );
}
