/**
 * MessagePart[] (or rich parts) -> one self-contained HTML page that shows the messages as a
 * channel would: a bubble per message, the cover photo as a placeholder (never
 * fetched), each bubble's length against its limit, the split points and
 * which message notifies. No scripts, no external resources.
 */
import type { MessagePart } from '../render/messages.js';
import { exceededLimit, measureBlocks, RICH_LIMITS } from '../render/rich/limits.js';
import type { RichPart } from '../render/rich/parts.js';
import { PAGE_CSS } from './page-style.js';
import { RICH_CSS, richMessageToPage } from './rich-html.js';
import { escapePage, telegramHtmlToPage } from './telegram-page.js';

/** What the page header says about the report. */
export interface PreviewPageInfo {
  /** The report's title. */
  title: string;
  /** The file the report came from, as the editor named it. */
  file: string;
  /** The report's date, `YYYY-MM-DD`. */
  date: string;
}

// Inline styles only; no script, image, font or frame may load, whatever a message contains.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const number = new Intl.NumberFormat('en-US');

function meta(part: MessagePart, index: number, count: number): string {
  const length = part.text.length;
  const over = length > part.limit;
  const silent = part.payload.disable_notification === true;
  const kind = part.payload.method === 'sendPhoto' ? 'photo caption' : 'message';
  return [
    `<span class="notify">${silent ? '🔕 silent' : '🔔 notifies'}</span>`,
    `<span class="kind">${kind} ${index + 1}/${count}</span>`,
    `<span class="length${over ? ' over' : ''}" title="UTF-16 units, as Telegram counts">${number.format(length)} / ${number.format(part.limit)}${over ? ` (over by ${number.format(length - part.limit)})` : ''}</span>`,
  ].join('');
}

function bubble(part: MessagePart, index: number, count: number): string {
  const p = part.payload;
  const photo =
    p.method === 'sendPhoto'
      ? `<div class="tg-photo" role="img" aria-label="Photo placeholder"><span class="tg-photo-icon" aria-hidden="true">🖼</span><span class="tg-photo-label">Photo (not loaded)</span><span class="tg-photo-url">${escapePage(p.photo)}</span></div>`
      : '';
  const html = p.method === 'sendPhoto' ? p.caption : p.text;
  const over = part.text.length > part.limit ? ' over' : '';
  return (
    `<article class="bubble${over}" id="part-${index + 1}" data-part="${index + 1}" data-method="${p.method}">` +
    `${photo}<div class="text">${telegramHtmlToPage(html)}</div><footer class="meta">${meta(part, index, count)}</footer></article>`
  );
}

/** The preview page for a report's messages, in posting order. */
export function renderPreviewPage(parts: MessagePart[], info: PreviewPageInfo): string {
  return pageShell(
    parts.map((part, i) => bubble(part, i, parts.length)),
    info,
    '',
  );
}

function richMeta(part: RichPart, index: number, count: number): string {
  const m = measureBlocks(part.payload.rich_message.blocks);
  const over = exceededLimit(m);
  return [
    `<span class="notify">${part.payload.disable_notification ? '🔕 silent' : '🔔 notifies'}</span>`,
    `<span class="kind">rich message ${index + 1}/${count}</span>`,
    `<span class="length${over ? ' over' : ''}" title="characters, blocks and depth, as Telegram counts them">${number.format(m.characters)} / ${number.format(RICH_LIMITS.maxCharacters)} · ${m.blocks}/${RICH_LIMITS.maxBlocks} blocks · depth ${m.depth}/${RICH_LIMITS.maxDepth}${over ? ` (over: ${escapePage(over)})` : ''}</span>`,
  ].join('');
}

/** The preview page for a report posted as rich messages (POST_FORMAT=rich). */
export function renderRichPreviewPage(parts: RichPart[], info: PreviewPageInfo): string {
  const bubbles = parts.map((part, i) => {
    const over = exceededLimit(measureBlocks(part.payload.rich_message.blocks)) ? ' over' : '';
    return (
      `<article class="bubble rich-bubble${over}" id="part-${i + 1}" data-part="${i + 1}" data-method="sendRichMessage">` +
      `<div class="rich">${richMessageToPage(part.payload.rich_message.blocks, `m${i + 1}`)}</div><footer class="meta">${richMeta(part, i, parts.length)}</footer></article>`
    );
  });
  return pageShell(bubbles, info, RICH_CSS);
}

function pageShell(bubbles: string[], info: PreviewPageInfo, extraCss: string): string {
  const splits = bubbles.length - 1;
  const items = bubbles.map((b, i) => (i === 0 ? '' : `<div class="split" role="separator">— split ${i}/${splits} —</div>`) + b);
  const summary = `${info.date} · ${info.file} · ${bubbles.length} ${bubbles.length === 1 ? 'message' : 'messages'}`;
  const initial = escapePage(Array.from(info.title.trim())[0]?.toUpperCase() ?? '?');
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<title>Preview: ${escapePage(info.title)}</title>
<style>${PAGE_CSS}${extraCss}</style>
</head>
<body>
<header class="channel"><div class="avatar" aria-hidden="true">${initial}</div><div class="channel-text"><h1>${escapePage(info.title)}</h1><p>${escapePage(summary)}</p></div></header>
<main class="chat">
${items.length > 0 ? items.join('\n') : '<p class="empty">This report becomes no messages.</p>'}
</main>
</body>
</html>
`;
}
