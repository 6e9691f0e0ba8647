/**
 * Executing one API call, transport aside: faults first, then the handler,
 * then the JSON answer in the Bot API envelope. Shared by the HTTP server and
 * by webhook replies (calls a bot makes in the body of its webhook answer).
 */

import type { Payload } from './body.js';
import { ApiError, Described } from './errors.js';
import type { FaultInjector } from './faults.js';
import { handlerFor } from './methods.js';
import type { StandinState } from './state.js';

export type Outcome = { kind: 'answer'; status: number; body: Record<string, unknown> } | { kind: 'drop' };

export interface CallInput {
  method: string;
  payload: Payload;
  token: string;
  signal: AbortSignal;
}

export function errorOutcome(e: ApiError): Outcome {
  return { kind: 'answer', status: e.code, body: e.body() };
}

export async function execute(state: StandinState, faults: FaultInjector, call: CallInput): Promise<Outcome> {
  const fault = faults.decide(call.method);
  if (fault.kind === 'drop' && !fault.afterProcessing) return { kind: 'drop' };
  if (fault.kind === 'error') return errorOutcome(fault.error);

  let outcome: Outcome;
  try {
    const r = await handlerFor(call.method)({ state, ...call });
    outcome =
      r instanceof Described
        ? { kind: 'answer', status: 200, body: { ok: true, result: r.result, description: r.description } }
        : { kind: 'answer', status: 200, body: { ok: true, result: r } };
  } catch (e) {
    if (e instanceof ApiError) {
      outcome = errorOutcome(e);
    } else {
      // A bug in the stand-in, not a Telegram behaviour: say so loudly.
      const msg = e instanceof Error ? e.message : String(e);
      console.error(`standin: ${call.method} crashed`, e);
      outcome = errorOutcome(new ApiError(500, `Internal Server Error: standin crashed in ${call.method}: ${msg}`));
    }
  }
  return fault.kind === 'drop' ? { kind: 'drop' } : outcome;
}
