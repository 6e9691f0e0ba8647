/**
 * The italic line under a report's title: its date and category, each only
 * when it adds something. A title that already names the day (a newswire's
 * `… - 2026-01-06`) is not followed by the same date again, and a category
 * written as a slug (`business-entrepreneurship`) is never shown raw: known
 * slugs get a label in the report's language, unknown ones are humanised in
 * Latin-script reports and left out of Chinese ones (an English word in a
 * Chinese line reads as a leak, and the category is optional).
 */
import type { Report } from '../content/report.js';

const SLUG = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

/** Categories the editors' tooling writes as slugs: [Chinese, English]. */
const KNOWN_SLUGS: Record<string, [string, string]> = {
  'business-entrepreneurship': ['商业与创业', 'Business & entrepreneurship'],
  'finance-wealth': ['财经与财富', 'Finance & wealth'],
  business: ['商业', 'Business'],
  finance: ['财经', 'Finance'],
  economy: ['经济', 'Economy'],
  markets: ['市场', 'Markets'],
  investing: ['投资', 'Investing'],
  technology: ['科技', 'Technology'],
  tech: ['科技', 'Tech'],
  ai: ['人工智能', 'AI'],
  'ai-compute': ['AI 算力', 'AI compute'],
  geopolitics: ['地缘政治', 'Geopolitics'],
  politics: ['政治', 'Politics'],
  world: ['国际', 'World'],
  science: ['科学', 'Science'],
  health: ['健康', 'Health'],
  energy: ['能源', 'Energy'],
  crypto: ['加密货币', 'Crypto'],
  podcast: ['播客', 'Podcast'],
  news: ['新闻', 'News'],
};

/** How a category reads in the report's language, or undefined when it is better left out. */
export function categoryLabel(category: string, chinese: boolean): string | undefined {
  const key = category.trim();
  if (!SLUG.test(key)) return key;
  const known = KNOWN_SLUGS[key];
  if (known) return chinese ? known[0] : known[1];
  if (chinese) return undefined;
  const words = key.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const DATE_IN_TEXT = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/g;
/** A date in text starts with an ASCII digit (`\d` is 0-9 only). */
const DIGIT = /[0-9]/;

/** Whether `title` names the calendar day `date` (`YYYY-MM-DD`) in any of the editors' forms. */
export function titleShowsDate(title: string, date: string): boolean {
  // Most titles name no date at all: no digit, no search (and no iterator per render).
  if (!DIGIT.test(title)) return false;
  const [y, m, d] = date.split('-').map(Number);
  for (const match of title.matchAll(DATE_IN_TEXT)) {
    if (Number(match[1]) === y && Number(match[2]) === m && Number(match[3]) === d) return true;
  }
  return false;
}

/** The date line's text; empty when the title already says everything it would. */
export function dateLine(report: Report, chinese: boolean): string {
  const category = report.category === undefined ? undefined : categoryLabel(report.category, chinese);
  const date = titleShowsDate(report.title, report.date) ? undefined : report.date;
  // What `[date, category].filter(Boolean).join(' · ')` gives, without the arrays.
  if (!date) return category || '';
  return category ? `${date} · ${category}` : date;
}
