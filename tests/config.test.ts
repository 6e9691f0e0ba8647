import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, parseSettings, requirePosting } from '../src/config.js';

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
    expect(c).toMatchObject({
      CONTENT_DIR: './content',
      DATA_DIR: './data',
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
      POST_CRON: '0 8 * * *',
      TIMEZONE: 'Asia/Shanghai',
      LOG_LEVEL: 'info',
      PIN_POSTS: false,
    });
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
    expect(error({ WEBHOOK_URL: 'https://bot.example.com/hook', WEBHOOK_SECRET: 'short' })).toMatch(
      /^Setting WEBHOOK_SECRET must be at least 32/,
    );
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

  it("says what is wrong in plain words, never in zod's text", () => {
    expect(error({ LOG_LEVEL: 'loud' })).toBe('Setting LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent.');
    expect(error({ PORT: 'eighty' })).toBe('Setting PORT must be a number.');
    expect(error({ PORT: '70000' })).toBe('Setting PORT must be at most 65535.');
    expect(error({ PORT: '80.5' })).toBe('Setting PORT must be a whole number.');
    expect(error({ PIN_POSTS: 'yes' })).toBe('Setting PIN_POSTS must be one of 0, 1, true, false.');
    expect(error({ TELEGRAM_API_ROOT: 'not a url' })).toBe('Setting TELEGRAM_API_ROOT must be a URL such as https://api.telegram.org.');
    const cases: Record<string, string>[] = [
      { LOG_LEVEL: 'loud' },
      { PORT: 'eighty' },
      { PORT: '-1' },
      { PIN_POSTS: 'yes' },
      { BOT_TOKEN: 'x' },
      { WEBHOOK_URL: 'nope', WEBHOOK_SECRET: 's'.repeat(32) }, // without a secret, that is a second bad setting
    ];
    for (const env of cases) {
      const message = error(env);
      expect(message).toMatch(/^Setting [A-Z_]+ [^\n]+\.$/);
      expect(message).not.toMatch(/Invalid|expected|received|NaN|"\|/);
    }
  });

  it('tells a token that is only too short that it is too short', () => {
    expect(error({ BOT_TOKEN: '123456:ABC' })).toMatch(/^Setting BOT_TOKEN is too short/);
    expect(error({ BOT_TOKEN: 'hello' })).toMatch(/^Setting BOT_TOKEN does not look like a bot token/);
    expect(parseConfig({ BOT_TOKEN: TOKEN }).BOT_TOKEN).toBe(TOKEN);
  });

  it('refuses an http:// WEBHOOK_URL: Telegram calls webhooks over HTTPS only', () => {
    expect(error({ WEBHOOK_URL: 'http://bot.example.com/hook', WEBHOOK_SECRET: 's'.repeat(32) })).toMatch(
      /^Setting WEBHOOK_URL must start with https:\/\//,
    );
    expect(parseConfig({ WEBHOOK_URL: 'https://bot.example.com/hook', WEBHOOK_SECRET: 's'.repeat(32) }).WEBHOOK_URL).toBe(
      'https://bot.example.com/hook',
    );
  });

  it('validates per command only the settings named', () => {
    const env = { BOT_TOKEN: 'bad', LOG_LEVEL: 'loud', TIMEZONE: 'UTC', CONTENT_DIR: './elsewhere' };
    expect(parseSettings(env, ['TIMEZONE', 'CONTENT_DIR'])).toEqual({ TIMEZONE: 'UTC', CONTENT_DIR: './elsewhere' });
    expect(parseSettings({}, ['TIMEZONE'])).toEqual({ TIMEZONE: 'Asia/Shanghai' });
    expect(() => parseSettings({ TIMEZONE: 'Mars/Olympus' }, ['TIMEZONE'])).toThrow(ConfigError);
    // A check between two settings runs only when both are asked for.
    expect(() => parseSettings({ WEBHOOK_URL: 'https://bot.example.com/hook' }, ['WEBHOOK_URL', 'WEBHOOK_SECRET'])).toThrow(
      /WEBHOOK_SECRET is required/,
    );
    expect(parseSettings({ WEBHOOK_URL: 'https://bot.example.com/hook', POST_CRON: 'nonsense' }, ['TIMEZONE'])).toEqual({
      TIMEZONE: 'Asia/Shanghai',
    });
  });

  it('names its error class', () => {
    expect(new ConfigError('x').name).toBe('ConfigError');
  });
});

describe('issue 8 settings', () => {
  it('CATCH_UP_HOURS defaults to 24 and ADOPT_ON_FIRST_START to older; bad values are named', () => {
    expect(parseConfig({})).toMatchObject({ CATCH_UP_HOURS: 24, ADOPT_ON_FIRST_START: 'older' });
    expect(parseConfig({ CATCH_UP_HOURS: '6', ADOPT_ON_FIRST_START: 'all' })).toMatchObject({
      CATCH_UP_HOURS: 6,
      ADOPT_ON_FIRST_START: 'all',
    });
    expect(() => parseConfig({ CATCH_UP_HOURS: '-1' })).toThrow(/Setting CATCH_UP_HOURS must be 0 or more hours/);
    expect(() => parseConfig({ ADOPT_ON_FIRST_START: 'everything' })).toThrow(/Setting ADOPT_ON_FIRST_START must be "older" or "all"/);
  });
});

describe('several bad settings at once', () => {
  it('names every one in one sentence, so a fix is not followed by the next error; the token never appears', () => {
    const message = error({ PORT: 'eighty', TIMEZONE: 'Mars/Olympus', BOT_TOKEN: 'not a token', CATCH_UP_HOURS: '-1' });
    expect(message).toMatch(/^4 settings are wrong: /);
    for (const name of ['PORT', 'TIMEZONE', 'BOT_TOKEN', 'CATCH_UP_HOURS']) expect(message).toContain(name);
    expect(message).toContain('CATCH_UP_HOURS must be 0 or more hours');
    expect(message).not.toContain('not a token');
    expect(message.match(/\./g)).toHaveLength(1); // one sentence
    expect(message.endsWith('.')).toBe(true);
  });

  it('keeps the one-setting sentence as it was', () => {
    expect(error({ CATCH_UP_HOURS: '-1' })).toMatch(/^Setting CATCH_UP_HOURS must be 0 or more hours/);
  });
});
