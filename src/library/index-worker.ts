/**
 * Worker thread entry: builds the topic index's gram lists of a run of units
 * for the main thread (see index-builder.ts), so that a cold start indexes
 * ten years of reports on every core while the main thread serves the bot.
 * Texts arrive in batches and are indexed as they come; only typed arrays
 * go back, transferred.
 */
import { parentPort } from 'node:worker_threads';
import { GramIndex } from '../search/gram-index.js';
import { normalizeText } from '../search/normalize.js';
import { gramBuffers, type IndexReply, type IndexRequest } from './index-messages.js';

let grams = new GramIndex();
let failed: string | undefined;

function handle(req: IndexRequest): void {
  if (req.kind === 'texts') {
    for (let i = 0; i < req.texts.length; i++) grams.add(req.base + i, normalizeText(req.texts[i]!));
  } else if (req.kind === 'append') {
    grams.append(GramIndex.fromState(req.state));
  } else {
    const state = grams.state();
    grams = new GramIndex();
    parentPort!.postMessage({ kind: 'state', state } satisfies IndexReply, gramBuffers(state));
  }
}

parentPort?.on('message', (req: IndexRequest) => {
  if (failed !== undefined) return;
  try {
    handle(req);
  } catch (err) {
    // Units out of order, a list full: the main thread indexes on its own instead.
    failed = (err as Error).message;
    parentPort!.postMessage({ kind: 'failed', reason: failed } satisfies IndexReply);
  }
});
