/**
 * Which language the sandbox speaks to you by default: the language the
 * reports are written in, so a Chinese channel's sandbox answers in Chinese
 * without a flag. Judged by the share of Han characters among the letters.
 */
import { loadContent } from '../content/load.js';

export type SandboxLanguage = 'en' | 'zh';

/** A Chinese report quoting English names (AI, BTC, Nvidia) still has far more Han than Latin letters. */
const HAN_SHARE_FOR_CHINESE = 0.3;
/** Enough text to judge; more changes nothing and costs time on a large archive. */
const SAMPLE_CHARS = 200_000;

/** Pure: the language of `text`, 'en' when it has no letters at all. */
export function languageOfText(text: string): SandboxLanguage {
  // Links are Latin letters whatever the report's language.
  const sample = text.slice(0, SAMPLE_CHARS).replace(/\bhttps?:\/\/\S+/g, ' ');
  const han = sample.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = sample.match(/\p{Script=Latin}/gu)?.length ?? 0;
  return han + latin > 0 && han / (han + latin) >= HAN_SHARE_FOR_CHINESE ? 'zh' : 'en';
}

/** The language of the newest reports in `dir`; 'en' when there are none or the folder cannot be read. */
export async function contentLanguage(dir: string, timeZone: string): Promise<SandboxLanguage> {
  let text = '';
  try {
    const { reports } = await loadContent(dir, { timeZone });
    for (const r of [...reports].reverse()) {
      if (text.length >= SAMPLE_CHARS) break;
      text += `${r.title}\n${r.body}\n`;
    }
  } catch {
    // startSandbox names a missing folder in a sentence; the language does not matter then.
    return 'en';
  }
  return languageOfText(text);
}
