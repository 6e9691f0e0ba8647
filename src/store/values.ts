/**
 * Argument checks and value encoding shared by both store backends, so that
 * bad input fails the same way whichever backend is configured.
 */

/**
 * Encode a value as the JSON text both backends store and compare.
 * Equality checks (`deleteIfEquals`, `expireIfEquals`) compare these strings,
 * exactly as the Redis Lua scripts do, so object key order matters.
 */
export function encodeValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) {
    throw new TypeError(`store values must be JSON-serialisable, got ${typeof value}`);
  }
  return text;
}

/**
 * Validate a TTL in milliseconds and round it up to a whole millisecond
 * (Redis `PX` only takes positive integers).
 */
export function checkTtl(ttlMs: number, what = 'ttlMs'): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`${what} must be a positive number of milliseconds, got ${ttlMs}`);
  }
  return Math.ceil(ttlMs);
}

/**
 * Thrown when a key is used as the wrong kind (a set as a value or the
 * reverse), mirroring Redis' WRONGTYPE error so both backends reject alike.
 */
export class WrongTypeError extends Error {
  readonly code = 'WRONGTYPE';
  constructor(key: string, expected: 'value' | 'set') {
    super(`key ${JSON.stringify(key)} does not hold a ${expected}`);
    this.name = 'WrongTypeError';
  }
}
