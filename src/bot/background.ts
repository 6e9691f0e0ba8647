/**
 * Jobs an admin command starts and reports on later (/repost, /post): the
 * command answers at once instead of holding the update while channels are
 * posted to. One job per name at a time; `idle()` lets shutdown and tests
 * wait for them.
 */
import type { Logger } from '../logger.js';

export interface BackgroundTasks {
  /** Start `job` unless a job of the same name is running; false when one is. */
  run(name: string, job: () => Promise<void>): boolean;
  /** Resolves once no job is running. */
  idle(): Promise<void>;
}

export function createBackgroundTasks(logger: Logger): BackgroundTasks {
  const running = new Map<string, Promise<void>>();
  return {
    run(name, job) {
      if (running.has(name)) return false;
      const done = job()
        // Jobs report their own failures to the admin; this only catches what that reporting could not.
        .catch((err: unknown) => logger.error({ err, job: name }, 'background job failed'))
        .finally(() => running.delete(name));
      running.set(name, done);
      return true;
    },
    async idle() {
      while (running.size > 0) await Promise.all(running.values());
    },
  };
}
