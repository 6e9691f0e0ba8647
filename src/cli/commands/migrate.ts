/**
 * `report-bot migrate-store [--from KIND] [--to KIND]`: copy every key
 * between any two of the stores (`sqlite` and `file` in DATA_DIR, `redis`
 * at REDIS_URL), so a move keeps posting progress and what each channel
 * received. Run it with the bot stopped. Defaults: from the configured
 * embedded store (EMBEDDED_STORE) to Redis, the move to several instances.
 */
import { LEGACY_REDIS_PREFIX, parseSettings, redisPrefixOf } from '../../config.js';
import { copyStore } from '../../store/copy.js';
import { openFileStore } from '../../store/file-store.js';
import { openStore } from '../../store/index.js';
import { migrateStateJson } from '../../store/json-migration.js';
import { openSqliteStore } from '../../store/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { UserError } from '../../util/user-error.js';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';
import { plural } from '../plural.js';

const KINDS = ['sqlite', 'file', 'redis'] as const;
type Kind = (typeof KINDS)[number];

const WHERE: Record<Kind, string> = { sqlite: 'state.db', file: 'state.json', redis: 'Redis' };

function kindOf(option: string, value: string | undefined, fallback: Kind): Kind {
  if (value === undefined) return fallback;
  if ((KINDS as readonly string[]).includes(value)) return value as Kind;
  throw new UserError(`--${option} must be one of ${KINDS.join(', ')}, not ${JSON.stringify(value.slice(0, 40))}.`, 2);
}

const USAGE = `Usage: report-bot migrate-store [--from KIND] [--to KIND]      (in a clone: npm run cli -- migrate-store …)

Copies every key between two stores. Run it with the bot stopped.
  --from KIND   sqlite (DATA_DIR/state.db), file (DATA_DIR/state.json) or redis (REDIS_URL);
                default: the embedded store (EMBEDDED_STORE)
  --to KIND     the same kinds; default: redis
Settings used: DATA_DIR, REDIS_URL, EMBEDDED_STORE, and BOT_TOKEN or REDIS_PREFIX for Redis
(keys go under the bot's own prefix, where the running bot looks for them).`;

export async function migrateStoreCommand(args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    { name: 'migrate-store', usage: USAGE, options: { from: { type: 'string' }, to: { type: 'string' } } },
    io.out,
  );
  if (!parsed) return 0;
  const { values } = parsed;
  const config = parseSettings(env, ['DATA_DIR', 'REDIS_URL', 'EMBEDDED_STORE', 'BOT_TOKEN', 'REDIS_PREFIX']);
  const from = kindOf('from', values.from, config.EMBEDDED_STORE);
  const to = kindOf('to', values.to, 'redis');
  if (from === to) throw new UserError(`--from and --to are both ${from}: nothing to copy.`, 2);
  if ((from === 'redis' || to === 'redis') && !config.REDIS_URL) {
    throw new UserError('Setting REDIS_URL is missing: set it to the Redis the state should move to or from.');
  }
  const prefix = redisPrefixOf(config);
  if ((from === 'redis' || to === 'redis') && !prefix) {
    throw new UserError("Setting BOT_TOKEN (or REDIS_PREFIX) is missing: the state in Redis is under the bot's own key prefix.");
  }
  const open = async (kind: Kind): Promise<Store> =>
    kind === 'redis'
      ? openStore({
          redisUrl: config.REDIS_URL,
          dataDir: config.DATA_DIR,
          ...(prefix !== undefined && { redisPrefix: prefix }),
          ...(!config.REDIS_PREFIX && { adoptRedisKeysFrom: LEGACY_REDIS_PREFIX }),
        })
      : kind === 'file'
        ? openFileStore(config.DATA_DIR)
        : openSqliteStore(config.DATA_DIR);

  // The file store is read first: opening SQLite through the start-up path would import and rename state.json.
  const source = await open(from);
  const target = await open(to).catch(async (err: unknown) => {
    await source.close();
    throw err;
  });
  try {
    for (const [kind, store] of [
      [from, source],
      [to, target],
    ] as const) {
      if (!(await store.ping())) throw new UserError(`The ${kind} store (${WHERE[kind]}) does not answer; nothing was copied.`);
    }
    // A sqlite source still holding an unimported state.json is what the bot would start from: import it first.
    if (from === 'sqlite') migrateStateJson(config.DATA_DIR, source as ReturnType<typeof openSqliteStore>);
    const { values: n, sets } = await copyStore(source, target);
    io.out(`Copied ${plural(n, 'value')} and ${plural(sets, 'set')} from ${from} (${WHERE[from]}) to ${to} (${WHERE[to]}).`);
    return 0;
  } finally {
    await source.close();
    await target.close();
  }
}
