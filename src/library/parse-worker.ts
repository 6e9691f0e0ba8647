/**
 * Worker thread entry: parses report files, and renders reports into their
 * messages, for the main thread (see parse-pool.ts), so a file that is slow
 * or huge to parse or render never stops the bot from answering. One
 * markdown-it instance per worker, reused; only plain data crosses back.
 */
import { parentPort } from 'node:worker_threads';
import { createMarkdown, createOutlineMarkdown } from '../content/markdown.js';
import { type ParseResult, parseReport } from '../content/parse-report.js';
import type { ProblemCode, Report } from '../content/report.js';
import { createRenderer } from '../render/document.js';
import { type MessagePart, reportToParts } from '../render/messages.js';

export interface ParseRequest {
  kind: 'parse';
  id: number;
  file: string;
  bytes: Uint8Array;
  mtime: Date;
  timeZone: string;
  maxBytes: number;
}

export interface RenderRequest {
  kind: 'render';
  id: number;
  report: Report;
}

/** What rendering a report gave: its messages, or why not. */
export type RenderResult = { ok: true; parts: MessagePart[] } | { ok: false; reason: string; code?: ProblemCode };

export type WorkerRequest = ParseRequest | RenderRequest;

export type ParseReply = { id: number; result: ParseResult } | { id: number; rendered: RenderResult } | { ready: true };

const md = createMarkdown();
const outline = createOutlineMarkdown();
// The same renderer the library builds on the main thread (createRenderer(createMarkdown())): identical messages.
const renderer = createRenderer(md);

function parse(req: ParseRequest): ParseReply {
  let result: ParseResult;
  try {
    result = parseReport(req.file, req.bytes, req.mtime, { timeZone: req.timeZone, maxBytes: req.maxBytes, md, outline });
  } catch (err) {
    // parseReport reports bad input itself; anything thrown is a bug, reported as this file's problem.
    result = { ok: false, problem: { file: req.file, reason: `the file could not be read (${(err as Error).message})` } };
  }
  return { id: req.id, result };
}

function render(req: RenderRequest): ParseReply {
  try {
    return { id: req.id, rendered: { ok: true, parts: reportToParts(req.report, renderer) } };
  } catch (err) {
    return { id: req.id, rendered: { ok: false, reason: `the file could not be rendered (${(err as Error).message})` } };
  }
}

parentPort?.on('message', (req: WorkerRequest) => {
  parentPort!.postMessage(req.kind === 'render' ? render(req) : parse(req));
});

// Booted: the pool starts a file's deadline only from here, so start-up is not charged to the first file.
parentPort?.postMessage({ ready: true } satisfies ParseReply);
