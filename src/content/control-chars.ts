/**
 * Control characters never reach Telegram: C0 controls other than newline
 * and tab, DEL and the C1 range are removed when a file is decoded. They are
 * invisible in editors, yet can reorder or hide text in clients and logs.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export function stripControlChars(text: string): { text: string; removed: number } {
  let removed = 0;
  const clean = text.replace(CONTROL, () => {
    removed += 1;
    return '';
  });
  return { text: clean, removed };
}
