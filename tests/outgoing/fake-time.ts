/** A manual clock for the scheduler: timers run only when the test advances time. */
export interface FakeTime {
  now: () => number;
  setTimer: (fn: () => void, ms: number) => { cancel(): void };
  /** Move the clock forward, running due timers in order and letting promises settle between them. */
  advance(ms: number): Promise<void>;
  /** Let pending promise callbacks run. */
  settle(): Promise<void>;
}

export function fakeTime(start = 0): FakeTime {
  let t = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  return {
    now: () => t,
    setTimer(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: t + Math.max(0, ms), fn });
      return { cancel: () => void timers.delete(id) };
    },
    settle,
    async advance(ms) {
      const end = t + ms;
      await settle();
      for (;;) {
        const due = [...timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        t = Math.max(t, due[1].at);
        due[1].fn();
        await settle();
      }
      t = end;
      await settle();
    },
  };
}
