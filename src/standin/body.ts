/**
 * Request body decoding. The Bot API takes parameters as a query string,
 * application/x-www-form-urlencoded, application/json or multipart/form-data,
 * and so must we: grammY sends JSON for plain calls and multipart as soon as
 * an InputFile is involved.
 *
 * In the form encodings every value is a string and objects (reply_markup,
 * entities, ...) travel JSON-serialised, so such strings are decoded back;
 * numbers stay strings and are coerced by the handlers (see params.ts).
 */
import { ApiError } from './errors.js';

export interface UploadedFile {
  filename: string;
  size: number;
}

/** Parameters of one call; uploaded files appear as UploadedFile values. */
export type Payload = Record<string, unknown>;

export function parseBody(contentType: string | undefined, body: Buffer, query: URLSearchParams): Payload {
  const out: Payload = {};
  for (const [k, v] of query) out[k] = decodeFormValue(k, v);
  if (body.length === 0) return out;
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new ApiError(400, 'Bad Request: invalid JSON in request body');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ApiError(400, 'Bad Request: request body must be a JSON object');
    }
    return Object.assign(out, parsed);
  }
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
    const b = boundary?.[1] ?? boundary?.[2];
    if (!b) throw new ApiError(400, 'Bad Request: multipart boundary missing');
    return Object.assign(out, parseMultipart(body, b.trim()));
  }
  // Anything else is read as urlencoded, the encoding of plain HTML forms and curl -d.
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) out[k] = decodeFormValue(k, v);
  return out;
}

/**
 * Parameters that are objects or arrays in the Bot API. Only these are
 * JSON-decoded: a message text that happens to read `[1,2]` must stay text.
 */
const OBJECT_FIELD = /(^|_)(markup|entities|options|parameters|updates|commands|scope|results|media|button|rights)$/;

function decodeFormValue(key: string, v: string): unknown {
  const t = v.trimStart();
  if (OBJECT_FIELD.test(key) && (t.startsWith('{') || t.startsWith('['))) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

/**
 * A small multipart reader. It is lenient on purpose: grammY writes part
 * headers as `content-disposition:form-data;name="x";filename=photo.jpg`
 * (no space after the colon, unquoted filename), which strict parsers reject.
 * File parts are referenced as `attach://<name>` from the fields, so they are
 * stored under their part name and resolved by `resolveAttachment`.
 */
function parseMultipart(body: Buffer, boundary: string): Payload {
  const out: Payload = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // closing delimiter
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    // Part content ends before the CRLF that precedes the next delimiter.
    const end = body.subarray(next - 2, next).toString() === '\r\n' ? next - 2 : next;
    const part = body.subarray(start, end);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"|name=([^;\r\n]+)/i.exec(headers);
      const key = name?.[1] ?? name?.[2]?.trim();
      const filename = /filename="([^"]*)"|filename=([^;\r\n]+)/i.exec(headers);
      if (key !== undefined) {
        out[key] = filename
          ? ({ filename: filename[1] ?? filename[2]?.trim() ?? '', size: content.length } satisfies UploadedFile)
          : decodeFormValue(key, content.toString('utf8'));
      }
    }
    pos = next;
  }
  return out;
}

export function isUploadedFile(v: unknown): v is UploadedFile {
  return typeof v === 'object' && v !== null && 'filename' in v && 'size' in v;
}

/** `attach://name` → the uploaded part; a direct file field is returned as is. */
export function resolveAttachment(payload: Payload, value: unknown): UploadedFile | undefined {
  if (isUploadedFile(value)) return value;
  if (typeof value === 'string' && value.startsWith('attach://')) {
    const file = payload[value.slice('attach://'.length)];
    return isUploadedFile(file) ? file : undefined;
  }
  return undefined;
}
