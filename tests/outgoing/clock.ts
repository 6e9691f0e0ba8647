/**
 * An accelerated clock shared by the stand-in and the outgoing scheduler:
 * both read the same virtual milliseconds, and the scheduler's timers sleep
 * `1 / factor` of the virtual time asked. The stand-in's flood windows and the
 * budget's windows are therefore measured on one clock, so what the stand-in
 * counts is exactly what it would count in real time; only the wall-clock
 * duration shrinks. Network latency is stretched by the same factor, which
 * makes the run harder for the budget, not easier.
 */
export interface AcceleratedClock {
  now: () => number;
  setTimer: (fn: () => void, ms: number) => { cancel(): void };
  factor: number;
}

export function acceleratedClock(factor: number, start = 1_800_000_000_000): AcceleratedClock {
  const t0 = performance.now();
  return {
    factor,
    now: () => start + Math.floor((performance.now() - t0) * factor),
    setTimer: (fn, ms) => {
      const t = setTimeout(fn, Math.ceil(ms / factor));
      return { cancel: () => clearTimeout(t) };
    },
  };
}
