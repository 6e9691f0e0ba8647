/**
 * Webhook delivery, as Telegram performs it: one POST per update with the
 * update as JSON and, when setWebhook named one, the secret in
 * `X-Telegram-Bot-Api-Secret-Token`. A bot may answer the POST with a method
 * call in the body ("webhook reply", grammY's canUseWebhookReply); Telegram
 * executes it, so the caller gets that body back to execute.
 */
import type { Update, WebhookInfo } from './types.js';

export interface Delivery {
  status: number;
  /** A method call the bot answered with, if its body was one. */
  reply?: { method: string; payload: Record<string, unknown> };
}

export async function postUpdate(info: WebhookInfo, update: Update, timeoutMs = 10_000): Promise<Delivery> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (info.secret_token !== undefined) headers['X-Telegram-Bot-Api-Secret-Token'] = info.secret_token;
  const res = await fetch(info.url, {
    method: 'POST',
    headers,
    body: JSON.stringify(update),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  return { status: res.status, ...parseReply(text) };
}

function parseReply(text: string): Pick<Delivery, 'reply'> {
  if (!text.trim().startsWith('{')) return {};
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (typeof body.method !== 'string') return {};
    const { method, ...payload } = body;
    return { reply: { method, payload } };
  } catch {
    return {};
  }
}
