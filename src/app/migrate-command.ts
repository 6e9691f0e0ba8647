/**
 * `report-bot migrate-store`: copy the embedded store (DATA_DIR) into Redis
 * (REDIS_URL), so a move to Redis keeps posting progress and what each
 * channel received. Run it with the bot stopped.
 */
import { LEGACY_REDIS_PREFIX, parseConfig, redisPrefixOf } from '../config.js';
import { UserError } from '../cli/errors.js';
import type { CliIo } from '../cli/main.js';
import { copyStore } from '../store/copy.js';
import { openFileStore } from '../store/file-store.js';
import { openStore } from '../store/index.js';

export async function migrateStoreCommand(_args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const config = parseConfig(env);
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
    io.out(`Copied ${values} values and ${sets} sets from ${config.DATA_DIR} to Redis.`);
    return 0;
  } finally {
    await from.close();
    await to.close();
  }
}
