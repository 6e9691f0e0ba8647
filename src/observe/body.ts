/**
 * Reading a request body without trusting the peer: a declared length over
 * the limit is refused before a byte is read, a body that grows past it is
 * cut off there (memory never holds more than the limit), and text that is
 * not JSON is the peer's error (400), not a crash.
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';

/** What the peer did wrong, with the status to answer. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/** Telegram's updates are a few kilobytes; 1 MiB leaves room for the largest message with entities. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** The least a Telegram update has; grammY reads the rest. */
const updateShape = z.looseObject({ update_id: z.number().int().nonnegative() });

/** Read a Telegram update: JSON within the limit, an object with an `update_id` (else 400). */
export async function readUpdateBody(req: IncomingMessage, limitBytes = DEFAULT_BODY_LIMIT_BYTES): Promise<z.infer<typeof updateShape>> {
  const parsed = updateShape.safeParse(await readJsonBody(req, limitBytes));
  if (!parsed.success) throw new BodyError(400, 'request body is not a Telegram update');
  return parsed.data;
}

/** Read `req`'s body as JSON, refusing more than `limitBytes` (413) and malformed JSON (400). */
export function readJsonBody(req: IncomingMessage, limitBytes = DEFAULT_BODY_LIMIT_BYTES): Promise<unknown> {
  const tooLarge = (): BodyError => new BodyError(413, `request body over ${limitBytes} bytes`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        req.off('data', onData);
        // Keep the socket from buffering more while the 413 goes out; the server closes it after.
        req.pause();
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('error', reject);
    req.once('end', () => {
      if (size > limitBytes) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new BodyError(400, 'request body is not valid JSON'));
      }
    });
  });
}
