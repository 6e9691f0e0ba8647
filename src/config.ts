/**
 * Every setting, from the environment (and `.env`), validated once at
 * start-up. A bad value stops the program with one sentence naming it; the
 * bot token never appears in any message.
 */
import { z } from 'zod';
import { isValidTimeZone } from './content/timezone.js';
import { isValidCron } from './schedule/cron-times.js';

const list = (s: string | undefined): string[] =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

const chatId = z.string().regex(/^(@[A-Za-z][A-Za-z0-9_]{3,}|-?\d+)$/, 'must be @channelname or a numeric chat id');

const schema = z.object({
  BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'does not look like a bot token from @BotFather (digits:letters)')
    .optional(),
  CHANNEL_ID: z
    .string()
    .optional()
    .transform((s) => list(s))
    .pipe(z.array(chatId)),
  ADMIN_IDS: z
    .string()
    .optional()
    .transform((s) => list(s))
    .pipe(z.array(z.string().regex(/^\d+$/, 'must be numeric Telegram user ids, comma-separated')).transform((a) => a.map(Number))),
  CONTENT_DIR: z.string().min(1).default('./content'),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  TELEGRAM_API_ROOT: z.string().url('must be a URL such as https://api.telegram.org').default('https://api.telegram.org'),
  POST_CRON: z.string().min(1).default('0 8 * * *'),
  TIMEZONE: z.string().default('Asia/Shanghai').refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Shanghai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEBHOOK_URL: z
    .string()
    .url('must be the public https URL Telegram should call')
    .refine((u) => u.startsWith('https://') || u.startsWith('http://'), 'must be an http(s) URL')
    .optional(),
  WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{32,256}$/, 'must be at least 32 characters of A-Z, a-z, 0-9, _ or -')
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  PIN_POSTS: z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
  /** `rich`: each report as native rich messages (Bot API 10.1+), split HTML as the fallback; `messages`: split HTML only. */
  POST_FORMAT: z.enum(['messages', 'rich']).default('messages'),
});

const checked = schema.superRefine((c, ctx) => {
  if (c.WEBHOOK_URL && !c.WEBHOOK_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'is required when WEBHOOK_URL is set (at least 32 random characters)' });
  }
  if (!isValidCron(c.POST_CRON)) {
    ctx.addIssue({ code: 'custom', path: ['POST_CRON'], message: 'is not a valid cron expression (e.g. "0 8 * * *", seconds field allowed)' });
  }
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Parse settings from `env`; throws ConfigError with one sentence naming the first bad one. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Treat empty values like unset ones, as shells and .env files write them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = checked.safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'a setting');
  // Never echo the token's value: only its name and what is wrong.
  throw new ConfigError(`Setting ${name} ${issue.message.replace(/^Invalid input: /, 'is invalid: ')}.`);
}

/** `run` and `post` need a token and a channel; the other commands do not. */
export function requirePosting(config: Config): Config & { BOT_TOKEN: string } {
  if (!config.BOT_TOKEN) throw new ConfigError('Setting BOT_TOKEN is missing: get one from @BotFather and set it in the environment or .env.');
  if (config.CHANNEL_ID.length === 0) throw new ConfigError('Setting CHANNEL_ID is missing: set it to @yourchannel or the channel\'s numeric id.');
  return config as Config & { BOT_TOKEN: string };
}
