import { GrammyError, HttpError } from 'grammy';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { confirmIdentity } from '../src/app/bot-identity.js';

const logger = pino({ level: 'silent' });

describe('confirming the bot at start-up', () => {
  it('waits out a network outage with growing, capped waits', async () => {
    let calls = 0;
    const waits: number[] = [];
    const bot = {
      init: async () => {
        if (++calls < 5) throw new HttpError('Network request for getMe failed!', new Error('ECONNREFUSED'));
      },
    };
    await confirmIdentity(bot, logger, { maxWaitMs: 20_000, sleep: async (ms) => void waits.push(ms) });
    expect(calls).toBe(5);
    expect(waits).toEqual([5_000, 10_000, 20_000, 20_000]);
  });

  it('stops at once, in one sentence, when Telegram refuses the token', async () => {
    const bot = {
      init: async () => {
        throw new GrammyError("Call to 'getMe' failed!", { ok: false, error_code: 401, description: 'Unauthorized' }, 'getMe', {});
      },
    };
    await expect(confirmIdentity(bot, logger, { sleep: async () => undefined })).rejects.toThrow(
      'Telegram refused the bot token (401 Unauthorized): check BOT_TOKEN (from @BotFather) and TELEGRAM_API_ROOT.',
    );
  });
});
