/** The line /status adds while Bot API calls wait in the outgoing queue (nothing when it is empty). */
import type { Priority } from './scheduler.js';

export function queueStatusLine(depth: Record<Priority, number> | undefined, lang: 'zh' | 'en'): string {
  if (!depth) return '';
  const total = depth.post + depth.reply + depth.background;
  if (total === 0) return '';
  return lang === 'en'
    ? `\nOutgoing queue: ${total} (channel posts ${depth.post}, replies ${depth.reply}, background ${depth.background})`
    : `\n待发队列：${total}（频道 ${depth.post}，回复 ${depth.reply}，后台 ${depth.background}）`;
}
