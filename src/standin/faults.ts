/**
 * Fault injection: what the network and Telegram do to a bot on a bad day.
 *
 * Scripted faults (`failNext`, `dropNext`) are consumed in the order they
 * were scripted, per method ('*' matches any method), and take precedence
 * over random ones so deterministic tests stay deterministic even when a
 * random fault rate is configured.
 *
 * A random server error answers 500 or 502 without executing the call; a
 * random drop destroys the socket before executing it. `dropNext(...,
 * { afterProcessing: true })` executes the call and then drops the answer,
 * the ambiguous case that makes bots send duplicates.
 */
import { ApiError, defaultDescription } from './errors.js';
import type { DropSpec, FailSpec, FaultOptions } from './types.js';

export type FaultDecision = { kind: 'none' } | { kind: 'error'; error: ApiError } | { kind: 'drop'; afterProcessing: boolean };

interface Scripted {
  method: string;
  remaining: number;
  make: () => FaultDecision;
}

export class FaultInjector {
  private readonly scripted: Scripted[] = [];
  private readonly random: () => number;

  constructor(private readonly opts: FaultOptions = {}) {
    this.random = opts.random ?? Math.random;
  }

  failNext(method: string, spec: FailSpec): void {
    const error = (): ApiError =>
      new ApiError(
        spec.code,
        spec.description ?? defaultDescription(spec.code, spec.retryAfter),
        spec.retryAfter !== undefined ? { retry_after: spec.retryAfter } : undefined,
      );
    this.scripted.push({ method, remaining: spec.times ?? 1, make: () => ({ kind: 'error', error: error() }) });
  }

  dropNext(method: string, times = 1, spec: DropSpec = {}): void {
    const afterProcessing = spec.afterProcessing ?? false;
    this.scripted.push({ method, remaining: times, make: () => ({ kind: 'drop', afterProcessing }) });
  }

  /** Decide the fate of one incoming call; consumes a scripted fault if one matches. */
  decide(method: string): FaultDecision {
    const i = this.scripted.findIndex((s) => s.method === method || s.method === '*');
    const s = i === -1 ? undefined : this.scripted[i];
    if (s) {
      s.remaining -= 1;
      if (s.remaining <= 0) this.scripted.splice(i, 1);
      return s.make();
    }
    if (this.opts.dropRate && this.random() < this.opts.dropRate) {
      return { kind: 'drop', afterProcessing: false };
    }
    if (this.opts.serverErrorRate && this.random() < this.opts.serverErrorRate) {
      const code = this.random() < 0.5 ? 500 : 502;
      return { kind: 'error', error: new ApiError(code, defaultDescription(code)) };
    }
    return { kind: 'none' };
  }
}
