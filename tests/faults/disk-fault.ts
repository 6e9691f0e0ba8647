/**
 * What the disk-fault tests (disk full, read-only DATA_DIR) share: a channel
 * stand-in torn down after each test, a workspace whose DATA_DIR exists, a
 * free port for /healthz, the bot's environment for one embedded store, and
 * the timing line each case prints.
 */
import { mkdirSync } from 'node:fs';
import { afterEach } from 'vitest';
import type { Standin } from '../../src/standin/server.js';
import { freePort } from './aof-redis.js';
import { type EmbeddedKind, storeEnv } from './embedded-state.js';
import { channelStandin, cleanup, type Workspace, workspace } from './rig.js';

export interface DiskFaultCase {
  standin: Standin;
  ws: Workspace;
  port: number;
  /** CONTENT_DIR, DATA_DIR, PORT and the store for `kind`. */
  env: Record<string, string>;
  /** /healthz's status, 0 when it does not answer. */
  healthStatus(): Promise<number>;
  /** Prints how long the case took, as every fault case does. */
  done(name: string): void;
}

/** Registers the after-each cleanup; `start` begins one case with a report of `sections` sections. */
export function useDiskFault(): { start(kind: EmbeddedKind, sections: number): Promise<DiskFaultCase> } {
  let standin: Standin | undefined;
  afterEach(async () => {
    await cleanup();
    await standin?.close();
    standin = undefined;
  });
  return {
    async start(kind, sections) {
      const t0 = Date.now();
      standin = await channelStandin();
      const ws = await workspace(sections);
      mkdirSync(ws.data);
      const port = await freePort();
      return {
        standin,
        ws,
        port,
        env: { CONTENT_DIR: ws.content, DATA_DIR: ws.data, PORT: String(port), ...storeEnv(kind) },
        healthStatus: () =>
          fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5000) }).then(
            (r) => r.status,
            () => 0,
          ),
        done: (name) => console.info(JSON.stringify({ case: name, seconds: (Date.now() - t0) / 1000 })),
      };
    },
  };
}
