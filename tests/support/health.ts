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

/** /healthz latencies, polled every 100 ms while `during` runs, and 1 s after. */
export async function pollHealth(port: number, during: () => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      latencies.push(await healthLatency(port));
      await sleep(100);
    }
  })();
  try {
    await during();
    await sleep(1000);
  } finally {
    polling = false;
    await poller;
  }
  return latencies;
}

export const worst = (latencies: number[]): string =>
  `slowest /healthz replies of ${latencies.length}: ${[...latencies]
    .sort((a, b) => b - a)
    .slice(0, 5)
    .map((ms) => ms.toFixed(0))
    .join(', ')} ms`;
