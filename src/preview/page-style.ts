/** The preview page's stylesheet: a Telegram channel look, readable from 320 px phones to desktops. */
export const PAGE_CSS = `
:root {
  --chat-bg: #9bc096; --bubble: #ffffff; --text: #0f1419; --muted: #6d7f8f;
  --accent: #168acd; --quote-bg: rgba(22, 138, 205, 0.08); --code-bg: rgba(0, 0, 0, 0.05);
  --code-text: #c03a2b; --header: #ffffff; --warn: #d93025; --split: rgba(0, 0, 0, 0.28);
}
@media (prefers-color-scheme: dark) {
  :root {
    --chat-bg: #0e1621; --bubble: #182533; --text: #f5f5f5; --muted: #7f91a4;
    --accent: #6ab3f3; --quote-bg: rgba(106, 179, 243, 0.1); --code-bg: rgba(255, 255, 255, 0.06);
    --code-text: #ff8a80; --header: #17212b; --warn: #ff6b6b; --split: rgba(255, 255, 255, 0.12);
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--chat-bg); color: var(--text);
  font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", sans-serif;
}
.channel {
  position: sticky; top: 0; z-index: 1; display: flex; gap: 12px; align-items: center;
  padding: 10px 16px; background: var(--header); box-shadow: 0 1px 2px rgba(0, 0, 0, 0.15);
}
.avatar {
  flex: none; width: 40px; height: 40px; border-radius: 50%; background: var(--accent); color: #fff;
  display: grid; place-items: center; font-weight: 600; font-size: 18px;
}
.channel-text { min-width: 0; }
.channel h1 { margin: 0; font-size: 16px; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.channel p { margin: 2px 0 0; color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
.chat { max-width: 560px; margin: 0 auto; padding: 16px 10px 32px; }
.bubble {
  position: relative; margin: 0 0 0 8px; background: var(--bubble); border-radius: 14px 14px 14px 4px;
  box-shadow: 0 1px 1px rgba(0, 0, 0, 0.18);
}
.bubble::before {
  content: ""; position: absolute; left: -8px; bottom: 0; width: 10px; height: 14px;
  background: var(--bubble); clip-path: polygon(100% 0, 100% 100%, 0 100%);
}
.bubble.over { outline: 2px solid var(--warn); }
.tg-photo {
  display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 6px;
  min-height: 180px; padding: 16px; text-align: center; color: #fff; border-radius: 14px 14px 0 0;
  background: repeating-linear-gradient(45deg, #5b7d95, #5b7d95 12px, #56778f 12px, #56778f 24px);
}
.tg-photo-icon { font-size: 32px; line-height: 1; }
.tg-photo-label { font-weight: 600; }
.tg-photo-url { font: 12px/1.3 ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; opacity: 0.9; }
.text { padding: 8px 12px 2px; white-space: pre-wrap; overflow-wrap: anywhere; }
.meta {
  display: flex; flex-wrap: wrap; justify-content: flex-end; gap: 4px 10px;
  padding: 2px 12px 7px; color: var(--muted); font-size: 12px;
}
.meta .over { color: var(--warn); font-weight: 600; }
.split {
  margin: 14px auto; width: max-content; max-width: 100%; padding: 3px 12px; border-radius: 12px;
  background: var(--split); color: #fff; font-size: 13px; font-weight: 500; text-align: center;
}
.empty { margin: 40px auto; text-align: center; color: #fff; }
a { color: var(--accent); text-decoration: none; }
a:hover, a:focus { text-decoration: underline; }
.tg-link-dropped { text-decoration: underline dashed var(--warn); }
.tg-code, .tg-pre { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.9em; }
.tg-code { padding: 1px 4px; border-radius: 4px; background: var(--code-bg); color: var(--code-text); }
/* Blocks are inline-blocks a line wide: the message's own line breaks around them keep their meaning. */
.tg-quote, .tg-pre { display: inline-block; width: 100%; vertical-align: top; margin: 0; border-radius: 6px; }
.tg-quote { padding: 4px 10px; border-left: 3px solid var(--accent); background: var(--quote-bg); }
.tg-quote.tg-expandable { max-height: 7.5em; overflow: hidden; }
.tg-pre { padding: 8px 10px; background: var(--code-bg); white-space: pre-wrap; overflow-wrap: anywhere; }
.tg-pre code { font: inherit; }
.tg-pre[data-language]::before {
  content: attr(data-language); display: block; margin-bottom: 4px;
  color: var(--accent); font: 600 12px/1.2 system-ui, sans-serif;
}
.tg-spoiler {
  color: transparent; text-shadow: 0 0 7px var(--text); background: var(--code-bg);
  border-radius: 4px; cursor: pointer; transition: color 0.2s, text-shadow 0.2s;
}
.tg-spoiler:hover, .tg-spoiler:focus { color: inherit; text-shadow: none; }
@media (min-width: 700px) {
  body { font-size: 16px; }
  .chat { padding-top: 24px; }
}
`;
