import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, requirePosting } from '../src/config.js';

const TOKEN = '1234567:AAtesttokentesttokentesttokentesttok';

function error(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has documented defaults', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ CONTENT_DIR: './content', DATA_DIR: './data', TELEGRAM_API_ROOT: 'https://api.telegram.org', POST_CRON: '0 8 * * *', TIMEZONE: 'Asia/Shanghai', LOG_LEVEL: 'info', PIN_POSTS: false });
    expect(c.CHANNEL_ID).toEqual([]);
    expect(c.ADMIN_IDS).toEqual([]);
    expect(c.REDIS_URL).toBeUndefined();
  });

  it('parses lists and treats empty values as unset', () => {
    const c = parseConfig({ CHANNEL_ID: '@daily_news, -1001234567', ADMIN_IDS: '42, 43', REDIS_URL: '', PIN_POSTS: 'true' });
    expect(c.CHANNEL_ID).toEqual(['@daily_news', '-1001234567']);
    expect(c.ADMIN_IDS).toEqual([42, 43]);
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.PIN_POSTS).toBe(true);
  });

  it('names the bad setting in one sentence', () => {
    expect(error({ TIMEZONE: 'Nowhere/Land' })).toBe('Setting TIMEZONE must be an IANA time zone such as Asia/Shanghai.');
    expect(error({ CHANNEL_ID: 'news' })).toBe('Setting CHANNEL_ID must be @channelname or a numeric chat id.');
    expect(error({ ADMIN_IDS: 'alice' })).toBe('Setting ADMIN_IDS must be numeric Telegram user ids, comma-separated.');
    expect(error({ POST_CRON: '99 * * * *' })).toMatch(/^Setting POST_CRON is not a valid cron expression/);
    expect(error({ REDIS_URL: 'localhost:6379' })).toBe('Setting REDIS_URL must start with redis:// or rediss://.');
    expect(error({ LOG_LEVEL: 'loud' })).toMatch(/^Setting LOG_LEVEL /);
    expect(error({ WEBHOOK_URL: 'https://bot.example.com/hook' })).toMatch(/^Setting WEBHOOK_SECRET is required/);
    expect(error({ WEBHOOK_URL: 'https://bot.example.com/hook', WEBHOOK_SECRET: 'short' })).toMatch(/^Setting WEBHOOK_SECRET must be at least 32/);
  });

  it('never echoes the token', () => {
    const bad = 'not-a-token-but-secret-looking-value';
    expect(error({ BOT_TOKEN: bad })).not.toContain(bad);
  });

  it('requires a token and a channel only to post', () => {
    expect(() => requirePosting(parseConfig({ CHANNEL_ID: '@daily_news' }))).toThrow(/BOT_TOKEN is missing/);
    expect(() => requirePosting(parseConfig({ BOT_TOKEN: TOKEN }))).toThrow(/CHANNEL_ID is missing/);
    expect(requirePosting(parseConfig({ BOT_TOKEN: TOKEN, CHANNEL_ID: '@daily_news' })).BOT_TOKEN).toBe(TOKEN);
  });
});

describe('issue 8 settings', () => {
  it('CATCH_UP_HOURS defaults to 24 and ADOPT_ON_FIRST_START to older; bad values are named', () => {
    expect(parseConfig({})).toMatchObject({ CATCH_UP_HOURS: 24, ADOPT_ON_FIRST_START: 'older' });
    expect(parseConfig({ CATCH_UP_HOURS: '6', ADOPT_ON_FIRST_START: 'all' })).toMatchObject({ CATCH_UP_HOURS: 6, ADOPT_ON_FIRST_START: 'all' });
    expect(() => parseConfig({ CATCH_UP_HOURS: '-1' })).toThrow(/Setting CATCH_UP_HOURS must be 0 or more hours/);
    expect(() => parseConfig({ ADOPT_ON_FIRST_START: 'everything' })).toThrow(/Setting ADOPT_ON_FIRST_START must be "older" or "all"/);
  });
});
