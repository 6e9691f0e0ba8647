/**
 * Moving a deployment from the old shared key prefix (`drb:`, the same for
 * every bot) to its own (`drb:<bot id>:`) without losing what it posted.
 * Once, at the first command under the new prefix, every old key (other
 * bots' `drb:<digits>:` namespaces excepted) is copied with its TTL to the
 * new prefix, unless the new prefix already holds that key. It is one Lua
 * script, so it is atomic: no instance can read a half-copied namespace
 * and repost. The old keys are left in place (copy, not rename): another
 * bot that shared them adopts its copy the same way, and going back to an
 * older release still finds its state.
 */
import type { Redis } from 'ioredis';

/** Set under the new prefix once the copy is done; its value is the number of keys copied. */
export const ADOPTED_MARKER = 'meta:legacy-keys-adopted';

const ADOPT_SCRIPT = `
if redis.replicate_commands then redis.replicate_commands() end -- Redis < 5: writes after SCAN
local old, new, marker = ARGV[1], ARGV[2], ARGV[3]
if redis.call('EXISTS', new .. marker) == 1 then return -1 end
local copied, cursor = 0, '0'
repeat
  local page = redis.call('SCAN', cursor, 'MATCH', old .. '*', 'COUNT', 500)
  cursor = page[1]
  for _, key in ipairs(page[2]) do
    local rest = string.sub(key, #old + 1)
    -- drb:<digits>: is a bot's own namespace (this one's included), never legacy state.
    if not string.match(rest, '^%d+:') and redis.call('EXISTS', new .. rest) == 0 then
      local ttl = redis.call('PTTL', key)
      if ttl ~= -2 then
        if ttl < 0 then ttl = 0 end
        redis.call('RESTORE', new .. rest, ttl, redis.call('DUMP', key))
        copied = copied + 1
      end
    end
  end
until cursor == '0'
redis.call('SET', new .. marker, copied)
return copied`;

/**
 * Copy the keys of `legacyPrefix` to `prefix` once (see above). Returns the
 * number copied, or -1 when it was already done.
 */
export async function adoptLegacyKeys(redis: Redis, legacyPrefix: string, prefix: string): Promise<number> {
  if (prefix === legacyPrefix || !prefix.startsWith(legacyPrefix)) return -1;
  return (await redis.eval(ADOPT_SCRIPT, 0, legacyPrefix, prefix, ADOPTED_MARKER)) as number;
}
