/**
 * Parameter coercion. JSON callers send numbers and booleans, form callers
 * send the same as strings; Telegram accepts both, so handlers read every
 * parameter through these helpers and never look at the raw type.
 */

import type { Payload } from './body.js';
import { badRequest } from './errors.js';

export function optInt(p: Payload, key: string): number | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw badRequest(`field "${key}" must be of type Integer`);
  return n;
}

export function optBool(p: Payload, key: string): boolean | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  return v === 'true' || v === '1' || v === 1;
}

export function optString(p: Payload, key: string): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export function optObject(p: Payload, key: string): Record<string, unknown> | undefined {
  const v = p[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function optArray(p: Payload, key: string): unknown[] | undefined {
  const v = p[key];
  return Array.isArray(v) ? v : undefined;
}

/** A `chat_id` as sent: number, numeric string or @username. */
export function chatIdParam(p: Payload, key = 'chat_id'): string | number {
  const v = p[key];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') return v;
  throw badRequest('chat_id is empty');
}

/** A required message id, with Telegram's wording when it is missing. */
export function messageIdParam(p: Payload, missing: string): number {
  const id = optInt(p, 'message_id');
  if (id === undefined) throw badRequest(missing);
  return id;
}
