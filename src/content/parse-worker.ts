/**
 * Worker thread entry: parses report files for the main thread (see
 * parse-pool.ts), so a file that is slow or huge to parse never stops the
 * bot from answering. One markdown-it instance per worker, reused.
 */
import { parentPort } from 'node:worker_threads';
import { createMarkdown, createOutlineMarkdown } from './markdown.js';
import { type ParseResult, parseReport } from './parse-report.js';

export interface ParseRequest {
  id: number;
  file: string;
  bytes: Uint8Array;
  mtime: Date;
  timeZone: string;
  maxBytes: number;
}

export type ParseReply = { id: number; result: ParseResult } | { ready: true };

const md = createMarkdown();
const outline = createOutlineMarkdown();

parentPort?.on('message', (req: ParseRequest) => {
  let result: ParseResult;
  try {
    result = parseReport(req.file, req.bytes, req.mtime, { timeZone: req.timeZone, maxBytes: req.maxBytes, md, outline });
  } catch (err) {
    // parseReport reports bad input itself; anything thrown is a bug, reported as this file's problem.
    result = { ok: false, problem: { file: req.file, reason: `the file could not be read (${(err as Error).message})` } };
  }
  parentPort!.postMessage({ id: req.id, result } satisfies ParseReply);
});

// Booted: the pool starts a file's deadline only from here, so start-up is not charged to the first file.
parentPort?.postMessage({ ready: true } satisfies ParseReply);
