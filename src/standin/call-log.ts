/**
 * The record of every request the stand-in answered (or dropped), and the
 * listeners that want to see them live, such as the sandbox's terminal view
 * of what the channel receives.
 */
import type { CallRecord } from './types.js';

export class CallLog {
  private readonly calls: CallRecord[] = [];
  private readonly listeners = new Set<(call: CallRecord) => void>();
  private readonly seenTokens: string[] = [];

  noteToken(token: string): void {
    if (!this.seenTokens.includes(token)) this.seenTokens.push(token);
  }

  tokens(): string[] {
    return [...this.seenTokens];
  }

  record(call: CallRecord): void {
    this.calls.push(call);
    for (const l of this.listeners) {
      // A failing listener (a UI, a test helper) must not break the server's answer path.
      try {
        l(call);
      } catch (e) {
        console.error('standin: onCall listener threw', e);
      }
    }
  }

  all(): CallRecord[] {
    return [...this.calls];
  }

  of(method: string): CallRecord[] {
    const m = method.toLowerCase();
    return this.calls.filter((c) => c.method.toLowerCase() === m);
  }

  listen(listener: (call: CallRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
