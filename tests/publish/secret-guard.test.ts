import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { configSecrets, findSecret, SecretRefusedError, secretGuard } from '../../src/publish/secret-guard.js';
import { capturingLogger } from './helpers.js';

const config = {
  BOT_TOKEN: '123456:AAsecretpartsecretpartsecretpart',
  WEBHOOK_SECRET: 'hook_secret_hook_secret_hook_secret_01',
  REDIS_URL: 'redis://:p%40ssw0rd-long@127.0.0.1:6379/0',
};

describe('secret guard', () => {
  const secrets = configSecrets(config);

  it('knows the token (whole and its secret part), the webhook secret and the Redis password (as written and decoded)', () => {
    expect(secrets.map((s) => s.value)).toEqual([
      config.BOT_TOKEN,
      'AAsecretpartsecretpartsecretpart',
      config.WEBHOOK_SECRET,
      'p%40ssw0rd-long',
      'p@ssw0rd-long',
    ]);
    expect(findSecret({ text: 'plain' }, secrets)).toBeUndefined();
    expect(findSecret({ reply_markup: { inline_keyboard: [[{ text: 'x', url: 'https://x?k=p@ssw0rd-long' }]] } }, secrets)?.name).toBe(
      'the Redis password',
    );
  });

  it.each([
    ['sendMessage', { chat_id: '@c', text: `token AAsecretpartsecretpartsecretpart` }, 'the bot token'],
    ['sendPhoto', { chat_id: '@c', photo: 'https://x/p.png', caption: `hook ${config.WEBHOOK_SECRET}` }, 'the webhook secret'],
    ['editMessageText', { chat_id: '@c', message_id: 1, text: 'pw p@ssw0rd-long' }, 'the Redis password'],
    [
      'answerInlineQuery',
      { inline_query_id: '1', results: [{ input_message_content: { message_text: config.BOT_TOKEN } }] },
      'the bot token',
    ],
  ])('refuses %s holding a secret, tells the admins once, logs without the secret', async (method, payload, name) => {
    const prev = vi.fn(async () => ({ ok: true as const, result: true }));
    const notifyAdmins = vi.fn(async () => undefined);
    const { logger, lines } = capturingLogger();
    const guard = secretGuard({ secrets, logger, notifyAdmins });
    await expect(guard(prev as never, method as never, payload as never)).rejects.toBeInstanceOf(SecretRefusedError);
    await expect(guard(prev as never, method as never, payload as never)).rejects.toThrow(`contains ${name}`);
    expect(prev).not.toHaveBeenCalled();
    expect(notifyAdmins).toHaveBeenCalledTimes(1);
    const said = JSON.stringify([lines, notifyAdmins.mock.calls]);
    for (const s of secrets) expect(said).not.toContain(s.value);
    expect(lines.some((l) => l.msg === 'refused to send text that contains a secret' && l.secret === name)).toBe(true);
  });

  it('lets setWebhook carry the webhook secret and clean messages through', async () => {
    const prev = vi.fn(async () => ({ ok: true as const, result: true }));
    const guard = secretGuard({ secrets, logger: pino({ level: 'silent' }) });
    await guard(prev as never, 'setWebhook' as never, { url: 'https://x', secret_token: config.WEBHOOK_SECRET } as never);
    await guard(prev as never, 'sendMessage' as never, { chat_id: 1, text: 'hello' } as never);
    expect(prev).toHaveBeenCalledTimes(2);
  });

  it('ignores secrets too short to tell from ordinary text', () => {
    expect(configSecrets({ REDIS_URL: 'redis://:abc@h:1' })).toEqual([]);
  });
});
