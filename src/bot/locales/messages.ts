/**
 * The shape of the shared catalogue (locales/zh.ts, locales/en.ts). Kept
 * apart from i18n.ts, which picks a catalogue, so the catalogues and the
 * picker do not import each other.
 */
import type { LoadProblem, LoadWarning } from '../../content/report.js';
import type { PostResult } from '../../publish/types.js';
import type { Lang } from '../../telegram/lang.js';

/** What /status shows, gathered by the admin feature. */
export interface StatusView {
  reports: number;
  published: number;
  latest?: { day: string; title: string };
  /** The first few problems; `moreProblems` counts the rest. */
  problems: LoadProblem[];
  moreProblems: number;
  warnings: number;
  /** The first few warnings (`warnings` counts them all). */
  warningList?: LoadWarning[];
  /** `last.at` is formatted in the configured time zone. */
  channels: Array<{ channel: string; last?: { reportId: string; at: string } }>;
  /** Formatted in the configured time zone, or undefined when nothing is scheduled. */
  nextRun?: string;
  schedulerAlive: boolean;
  timeZone: string;
  storeKind: string;
  storeOk: boolean;
}

/** What /reload shows. */
export interface ReloadView {
  reports: number;
  published: number;
  warnings: number;
  problems: LoadProblem[];
  moreProblems: number;
}

export interface Messages {
  /** Which language this catalogue speaks (/help picks the registry's texts by it). */
  lang: Lang;
  helpIntro: string;
  helpAdmin: string;

  error: string;
  rateLimited: string;
  notAllowed: string;
  unknownCommand(command: string): string;
  textHint: string;
  buttonInvalid: string;
  searchExpired: string;
  argTooLong(max: number): string;

  noReports: string;
  todayMissing(today: string): string;
  /** A report whose file could not be made into messages (the renderer gave up on it). */
  reportUnavailable(title: string, day: string): string;
  latestButton(day: string): string;
  /** Followed by buttons to the nearest days that have a report. */
  dayMissing(day: string): string;
  dateUsage: string;
  dateUnreadable(input: string): string;
  dateImpossible(input: string): string;

  archiveHeader(page: number, pages: number, days: number): string;
  prevPage: string;
  nextPage: string;

  topicsHeader(day: string, count: number, page: number, pages: number): string;
  topicsEmpty(day: string): string;
  topicUsage: string;
  topicNoHits(query: string): string;
  topicHits(query: string, count: number, page: number, pages: number): string;
  topicGone: string;

  repostStarted(title: string, day: string, channels: number): string;
  repostDone(title: string, day: string): string;
  postStarted: string;
  postDone: string;
  postNothing: string;
  postResult(result: PostResult): string;
  taskBusy: string;
  taskFailed(reason: string): string;
  noChannels: string;
  status(view: StatusView): string;
  reloadDone(view: ReloadView): string;
  reloadFailed(reason: string): string;
}
