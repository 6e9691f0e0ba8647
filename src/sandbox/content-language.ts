/**
 * Which language the sandbox speaks to you by default: the language the
 * reports are written in, so a Chinese channel's sandbox answers in Chinese
 * without a flag. Each recent published report votes by its share of Han
 * characters among the letters; the majority wins, a tie goes to the newest.
 */
import { loadContent } from '../content/load.js';
import type { Report } from '../content/report.js';

export type SandboxLanguage = 'en' | 'zh';

/** A Chinese report quoting English names (AI, BTC, Nvidia) still has far more Han than Latin letters. */
const HAN_SHARE_FOR_CHINESE = 0.3;
/** Enough text to judge one report; more changes nothing and costs time. */
const SAMPLE_CHARS = 20_000;
/** The newest reports are the channel as readers know it now. */
const VOTERS = 20;

/** Pure: the language of `text`, 'en' when it has no letters at all. */
export function languageOfText(text: string): SandboxLanguage {
  // Links are Latin letters whatever the report's language.
  const sample = text.slice(0, SAMPLE_CHARS).replace(/\bhttps?:\/\/\S+/g, ' ');
  const han = sample.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = sample.match(/\p{Script=Latin}/gu)?.length ?? 0;
  return han + latin > 0 && han / (han + latin) >= HAN_SHARE_FOR_CHINESE ? 'zh' : 'en';
}

/** Pure: the majority language of texts given newest first; a tie goes to the newest; 'en' for none. */
export function majorityLanguage(newestFirst: string[]): SandboxLanguage {
  const votes = newestFirst.map(languageOfText);
  const zh = votes.filter((v) => v === 'zh').length;
  const en = votes.length - zh;
  return zh === en ? (votes[0] ?? 'en') : zh > en ? 'zh' : 'en';
}

/** The language of the newest reports in `dir` (drafts only when there is nothing else); 'en' when there are none. */
export async function contentLanguage(dir: string, timeZone: string): Promise<SandboxLanguage> {
  let reports: Report[];
  try {
    ({ reports } = await loadContent(dir, { timeZone }));
  } catch {
    // startSandbox names a missing folder in a sentence; the language does not matter then.
    return 'en';
  }
  const published = reports.filter((r) => !r.draft);
  const voters = (published.length > 0 ? published : reports).slice(-VOTERS).reverse();
  return majorityLanguage(voters.map((r) => `${r.title}\n${r.body.slice(0, SAMPLE_CHARS)}`));
}
