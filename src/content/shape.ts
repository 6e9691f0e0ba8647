/**
 * Markdown or plain text, judged by the content (the editors' files are all
 * `.txt`, some of them Markdown). One unmistakable Markdown construct is
 * enough: a heading, a list, a quote, emphasis, a link or a fence.
 *
 * Every pattern runs on untrusted text and must stay linear: a repeated
 * part never matches a character that could start the next attempt, so no
 * position is scanned twice. (The old link pattern `\[[^\]\n]+\]` let the
 * text part run over further `[`s: 40 KB of `[a` took 1.8 s.)
 */
const MARKDOWN_LINE = [
  /^#{1,6}\s+\S/, // heading
  /^\s*[-*+]\s+\S/, // bullet
  /^\s*\d+[.)]\s+\S/, // ordered item
  /^>\s?/, // quote
  /^```/, // fence
  /^(-{3,}|\*{3,}|_{3,})\s*$/, // rule
];
const MARKDOWN_INLINE = [
  /\*\*[^*\n]+\*\*/, // bold: the run stops at the next `*`
  /\[[^[\]\n]+\]\([^()[\]\s]+\)/, // link: neither run crosses a bracket, so each `[` is tried once
  /`[^`\n]+`/, // code: the run stops at the next backtick
];

export function looksLikeMarkdown(text: string, fileName: string): boolean {
  if (/\.(md|markdown)$/i.test(fileName)) return true;
  const lines = text.split('\n');
  if (lines.some((l) => MARKDOWN_LINE.some((re) => re.test(l)))) return true;
  return MARKDOWN_INLINE.some((re) => re.test(text));
}
