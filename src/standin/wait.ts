/**
 * Waiting for the bot under test. The bot runs asynchronously (long polling
 * or webhook handling), so tests wait for an observable effect rather than
 * sleeping a guessed amount. Polling every few milliseconds is simpler than
 * wiring every state change to an event, and costs nothing at test scale.
 */

const STEP_MS = 5;

export async function waitFor<T>(
  predicate: () => T | undefined | null | false,
  timeoutMs = 5_000,
  describe: () => string = () => 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() >= deadline) {
      throw new Error(`standin: timed out after ${timeoutMs} ms waiting for ${describe()}`);
    }
    await new Promise((r) => setTimeout(r, STEP_MS));
  }
}
