/** What a CLI command may touch of the outside world; tests pass their own. Kept apart from main.ts so commands need not import the dispatcher that imports them. */
export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  now: () => Date;
}
