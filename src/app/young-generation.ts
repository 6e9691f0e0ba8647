/**
 * Imported first by the executable, before the rest of the program (see cli.ts): keeps V8's
 * young generation at its first size. Under a load's allocation V8 grows it to 2 × 16 MB of
 * semispaces and keeps them, ~30 MB resident of a bot that allocates little once loaded
 * (issue 11: ≤ 200 MB for ten years of reports); a cold start measured no slower with it small.
 * A size the operator chose (`--max-semi-space-size`) is left alone.
 */
import { setFlagsFromString } from 'node:v8';

const flags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
if (!flags.includes('semi-space')) setFlagsFromString('--semi-space-growth-factor=1');
