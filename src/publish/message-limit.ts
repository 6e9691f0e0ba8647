/**
 * The posting limit: a report that would need more than MAX_MESSAGES
 * messages is held back, so a runaway file (a 1 MB export, 2,500 messages of
 * emphasis) can never flood a channel. Only `report-bot post --ignore-limit`
 * posts it anyway; the schedule, /post and /repost never do.
 */

/** Default for the MAX_MESSAGES setting: about ten times the longest real daily report. */
export const DEFAULT_MAX_MESSAGES = 30;

/** Why a report of `count` messages may not be posted, or undefined when it may. */
export function overMessageLimit(count: number, max: number | undefined): string | undefined {
  if (max === undefined || count <= max) return undefined;
  return `would take ${count} messages, over the limit of ${max} (MAX_MESSAGES)`;
}
