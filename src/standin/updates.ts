/**
 * The update queue behind getUpdates, with Telegram's semantics:
 *
 *  - update_id increases by one per update;
 *  - `offset` confirms: every update with a smaller id is forgotten for good;
 *    a negative offset keeps only the last |offset| updates;
 *  - `timeout` > 0 holds the request open until an update arrives (answered
 *    at once) or the timeout passes (answered with []);
 *  - `allowed_updates` is remembered until changed; [] means the default set
 *    (everything but chat_member, message_reaction, message_reaction_count).
 *    Queued updates of other types are dropped, since they will never be sent;
 *  - a second getUpdates while one is waiting terminates the first with 409,
 *    the error two bot instances on one token see.
 */
import { ApiError } from './errors.js';
import type { Update } from './types.js';

const NOT_BY_DEFAULT = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

export interface PollParams {
  offset?: number;
  limit?: number;
  timeout?: number;
  allowedUpdates?: string[];
}

interface Waiter {
  wake: () => void;
  end: () => void;
  fail: (e: ApiError) => void;
}

export class UpdateQueue {
  private nextId = 1;
  private queue: Update[] = [];
  private allowed: string[] = [];
  private waiter: Waiter | undefined;

  push(partial: Partial<Update>): Update {
    const update_id = partial.update_id ?? this.nextId;
    this.nextId = Math.max(this.nextId, update_id + 1);
    const update = { ...structuredClone(partial), update_id } as Update;
    this.queue.push(update);
    this.waiter?.wake();
    return update;
  }

  /** Number the update without queueing it (webhook deliveries). */
  assignId(partial: Partial<Update>): Update {
    const update_id = partial.update_id ?? this.nextId;
    this.nextId = Math.max(this.nextId, update_id + 1);
    return { ...structuredClone(partial), update_id } as Update;
  }

  pending(): Update[] {
    return structuredClone(this.queue);
  }

  dropPending(): void {
    this.queue = [];
  }

  setAllowed(types: string[] | undefined): void {
    if (types !== undefined) this.allowed = types;
  }

  async poll(p: PollParams, signal: AbortSignal): Promise<Update[]> {
    // Any newer getUpdates, even one that does not wait, ends the one still waiting.
    this.waiter?.fail(
      new ApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'),
    );
    this.setAllowed(p.allowedUpdates);
    this.confirm(p.offset ?? 0);
    const limit = Math.min(100, Math.max(1, p.limit ?? 100));
    const ready = this.deliverable(limit);
    const timeout = Math.max(0, p.timeout ?? 0);
    if (ready.length > 0 || timeout === 0 || signal.aborted) return ready;
    return new Promise<Update[]>((resolve, reject) => {
      const finish = (result: () => void): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (this.waiter === waiter) this.waiter = undefined;
        result();
      };
      const onAbort = (): void => finish(() => resolve([]));
      const waiter: Waiter = {
        // An update of a type not asked for does not end the wait: Telegram would not send it.
        wake: () => {
          const batch = this.deliverable(limit);
          if (batch.length > 0) finish(() => resolve(batch));
        },
        end: () => finish(() => resolve([])),
        fail: (e) => finish(() => reject(e)),
      };
      const timer = setTimeout(() => finish(() => resolve([])), timeout * 1000);
      signal.addEventListener('abort', onAbort);
      this.waiter = waiter;
    });
  }

  /** Answer a waiting long poll with nothing, so close() does not hang on it. */
  release(): void {
    this.waiter?.end();
  }

  private confirm(offset: number): void {
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.queue = this.queue.slice(offset);
  }

  private deliverable(limit: number): Update[] {
    this.queue = this.queue.filter((u) => this.isAllowed(u));
    return structuredClone(this.queue.slice(0, limit));
  }

  private isAllowed(u: Update): boolean {
    const type = Object.keys(u).find((k) => k !== 'update_id');
    if (type === undefined) return true;
    return this.allowed.length === 0 ? !NOT_BY_DEFAULT.has(type) : this.allowed.includes(type);
  }
}
