/** Polling a running bot's HTTP port from a test: how long /healthz takes, and waiting for a condition. */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Milliseconds /healthz takes to answer (Infinity when it does not within 5 s). */
export async function healthLatency(port: number): Promise<number> {
  const start = performance.now();
  try {
    await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5000) });
    return performance.now() - start;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}
