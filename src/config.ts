/**
 * Every setting, from the environment (and `.env`), validated once at
 * start-up. A bad value stops the program with one sentence naming it; the
 * bot token never appears in any message.
 */
import { z } from 'zod';
import { isValidTimeZone } from './content/timezone.js';
import { DEFAULT_MAX_MESSAGES } from './publish/message-limit.js';
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
    .regex(/^\d+:[A-Za-z0-9_-]+$/, 'does not look like a bot token from @BotFather (digits, a colon, then letters, digits, _ or -)')
    .refine((t) => (t.split(':')[1] ?? '').length >= 20, 'is too short: a token from @BotFather has about 35 characters after the colon')
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
  EMBEDDED_STORE: z.enum(['sqlite', 'file'], 'must be sqlite or file').default('sqlite'),
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
    .refine((u) => u.startsWith('https://'), 'must start with https:// (Telegram only calls webhooks over HTTPS)')
    .optional(),
  WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{32,256}$/, 'must be at least 32 characters of A-Z, a-z, 0-9, _ or -')
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  PARSE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  PARSE_MEMORY_MB: z.coerce.number().int().min(32).max(4096).default(256),
  MAX_MESSAGES: z.coerce.number().int().min(1).max(1000).default(DEFAULT_MAX_MESSAGES),
  HTTP_HOST: z
    .string()
    .regex(/^(\d{1,3}(\.\d{1,3}){3}|[0-9A-Fa-f:]+|localhost)$/, 'must be an IP address to listen on, such as 127.0.0.1 or 0.0.0.0')
    .optional(),
  HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(8).max(100_000).default(256),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 characters of A-Z, a-z, 0-9, _ . : or - (e.g. drb:mybot:)')
    .optional(),
  OUTGOING_PER_SECOND: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .default(30),
  OUTGOING_QUEUE_MAX: z.coerce
    .number()
    .int('must be a whole number')
    .min(100, 'must be at least 100')
    .max(1_000_000, 'must be at most 1000000')
    .default(5000),
  PIN_POSTS: z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
  // A bot down over its posting time for less than a day still posts the missed report.
  CATCH_UP_HOURS: z.coerce
    .number()
    .min(0, 'must be 0 or more hours')
    .max(24 * 14, 'must be at most 336 hours (two weeks)')
    .default(24),
  ADOPT_ON_FIRST_START: z.enum(['older', 'all'], { message: 'must be "older" or "all"' }).default('older'),
  /** `rich`: each report as native rich messages (Bot API 10.1+), split HTML as the fallback; `messages`: split HTML only. */
  POST_FORMAT: z.enum(['messages', 'rich']).default('messages'),
});

/** Checks between settings; each runs only when the command validates both settings it compares. */
function crossCheck(c: Partial<z.infer<typeof schema>>, ctx: z.RefinementCtx): void {
  if (c.WEBHOOK_URL && !c.WEBHOOK_SECRET) {
    ctx.addIssue({
      code: 'custom',
      path: ['WEBHOOK_SECRET'],
      message: 'is required when WEBHOOK_URL is set (at least 32 random characters)',
    });
  }
  if (c.POST_CRON !== undefined && !isValidCron(c.POST_CRON)) {
    ctx.addIssue({
      code: 'custom',
      path: ['POST_CRON'],
      message: 'is not a valid cron expression (e.g. "0 8 * * *", seconds field allowed)',
    });
  }
}

export type Config = z.infer<typeof schema>;
export type SettingName = keyof Config;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The bot's numeric id: the digits before the colon of its token. */
export function botIdOf(token: string): string {
  return token.slice(0, token.indexOf(':'));
}

/** Before REDIS_PREFIX existed every bot used this one, shared by all bots on a database. */
export const LEGACY_REDIS_PREFIX = 'drb:';

/**
 * REDIS_PREFIX, or one unique to the bot (`drb:<bot id>:`) so two bots on
 * one Redis database never see each other's keys. Undefined when neither
 * is known (no token): callers that need Redis must then ask for one.
 */
export function redisPrefixOf(config: Pick<Config, 'REDIS_PREFIX' | 'BOT_TOKEN'>): string | undefined {
  if (config.REDIS_PREFIX) return config.REDIS_PREFIX;
  return config.BOT_TOKEN ? `${LEGACY_REDIS_PREFIX}${botIdOf(config.BOT_TOKEN)}:` : undefined;
}

/** Where /healthz and /metrics listen: HTTP_HOST, else everywhere only when the webhook must be reachable. */
export function httpHostOf(config: Pick<Config, 'HTTP_HOST' | 'WEBHOOK_URL'>): string {
  return config.HTTP_HOST ?? (config.WEBHOOK_URL ? '0.0.0.0' : '127.0.0.1');
}

/**
 * Plain words for zod's built-in checks, so every setting error reads
 * "Setting X <predicate>." Messages written in the schema above win over
 * these; a setting added without one still gets a sentence, not zod's text.
 */
const characters = (n: number | bigint): string => `${n} character${n === 1 ? '' : 's'}`;

const plainWords: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_value':
      return `must be one of ${issue.values
        .filter((v) => v !== '')
        .map(String)
        .join(', ')}`;
    case 'invalid_type':
      if (issue.expected === 'number') return 'must be a number';
      if (issue.expected === 'int') return 'must be a whole number';
      return 'is not valid';
    case 'too_small':
      return issue.origin === 'string' ? `must be at least ${characters(issue.minimum)} long` : `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string' ? `must be at most ${characters(issue.maximum)} long` : `must be at most ${issue.maximum}`;
    case 'invalid_format':
      return issue.format === 'url' ? 'must be a URL' : `is not a valid ${issue.format}`;
    default:
      return 'is not valid';
  }
};

function parseWith<T>(parser: z.ZodType<T>, env: Record<string, string | undefined>): T {
  // Treat empty values like unset ones, as shells and .env files write them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = parser.safeParse(cleaned, { error: plainWords });
  if (result.success) return result.data;
  // Every bad setting at once, the first word about each: fixing one should not just reveal the next.
  // Never echo a value (the token's least of all): only names and what is wrong.
  const bad = new Map<string, string>();
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? 'a setting');
    if (!bad.has(name)) bad.set(name, issue.message.replace(/\.$/, ''));
  }
  const named = [...bad].map(([name, problem]) => `${name} ${problem}`);
  throw new ConfigError(named.length === 1 ? `Setting ${named[0]}.` : `${named.length} settings are wrong: ${named.join('; ')}.`);
}

/** Parse every setting from `env`; throws ConfigError with one sentence naming every bad one. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  return parseWith(schema.superRefine(crossCheck), env);
}

/**
 * Parse only the settings one command uses (`preview` needs TIMEZONE, not
 * BOT_TOKEN), so a bad value it never reads cannot stop it.
 */
export function parseSettings<K extends SettingName>(env: Record<string, string | undefined>, names: readonly K[]): Pick<Config, K> {
  // Typed as every key to keep zod's inference simple; at run time only `names` are in the mask.
  const mask = Object.fromEntries(names.map((n) => [n, true])) as Record<SettingName, true>;
  return parseWith(schema.pick(mask).superRefine(crossCheck), env) as Pick<Config, K>;
}

/** `run` and `post` need a token and a channel; the other commands do not. */
export function requirePosting<C extends Pick<Config, 'BOT_TOKEN' | 'CHANNEL_ID'>>(config: C): C & { BOT_TOKEN: string } {
  if (!config.BOT_TOKEN)
    throw new ConfigError('Setting BOT_TOKEN is missing: get one from @BotFather and set it in the environment or .env.');
  if (config.CHANNEL_ID.length === 0)
    throw new ConfigError("Setting CHANNEL_ID is missing: set it to @yourchannel or the channel's numeric id.");
  return config as C & { BOT_TOKEN: string };
}
