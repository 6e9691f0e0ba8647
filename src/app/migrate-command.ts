/**
 * `report-bot migrate-store`: copy the embedded store (DATA_DIR) into Redis
 * (REDIS_URL), so a move to Redis keeps posting progress and what each
 * channel received. Run it with the bot stopped.
 */
import { LEGACY_REDIS_PREFIX, parseSettings, redisPrefixOf } from '../config.js';
import { parseCommandArgs } from '../cli/args.js';
import { UserError } from '../cli/errors.js';
import type { CliIo } from '../cli/main.js';
import { copyStore } from '../store/copy.js';
import { openFileStore } from '../store/file-store.js';
import { openStore } from '../store/index.js';
import { plural } from '../cli/plural.js';

const USAGE = `Usage: report-bot migrate-store

Copies the embedded store (DATA_DIR) into Redis (REDIS_URL). Run it with the bot stopped.
Settings used: DATA_DIR, REDIS_URL, and BOT_TOKEN or REDIS_PREFIX (the bot's key prefix in Redis).`;

export async function migrateStoreCommand(args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  if (!parseCommandArgs(args, { name: 'migrate-store', usage: USAGE, options: {} }, io.out)) return 0;
  const config = parseSettings(env, ['DATA_DIR', 'REDIS_URL', 'BOT_TOKEN', 'REDIS_PREFIX']);
  if (!config.REDIS_URL) throw new UserError('Setting REDIS_URL is missing: set it to the Redis the state should move to.');
  const prefix = redisPrefixOf(config);
  if (!prefix) throw new UserError('Setting BOT_TOKEN (or REDIS_PREFIX) is missing: the state goes under the bot\'s own key prefix in Redis.');
  const from = await openFileStore(config.DATA_DIR);
  const to = await openStore({
    redisUrl: config.REDIS_URL,
    dataDir: config.DATA_DIR,
    redisPrefix: prefix,
    ...(!config.REDIS_PREFIX && { adoptRedisKeysFrom: LEGACY_REDIS_PREFIX }),
  });
  try {
    if (!(await to.ping())) throw new UserError('Redis at REDIS_URL does not answer; nothing was copied.');
    const { values, sets } = await copyStore(from, to);
    io.out(`Copied ${plural(values, 'value')} and ${plural(sets, 'set')} from ${config.DATA_DIR} to Redis.`);
    return 0;
  } finally {
    await from.close();
    await to.close();
  }
}
