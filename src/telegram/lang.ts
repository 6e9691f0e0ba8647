/**
 * The two languages the bot speaks. Shared by the bot, the alerts and the
 * load texts, so none of them has to import another's catalogue for it.
 */
export type Lang = 'zh' | 'en';

/** English for `en`, `en-US`, ...; Chinese for everything else, including no language at all. */
export function langOf(languageCode: string | undefined): Lang {
  return languageCode?.toLowerCase().startsWith('en') ? 'en' : 'zh';
}
