/** The assembled bot over long polling, as production runs it: getMe, getUpdates, bot.catch. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot/create-bot.js';
import { parseConfig } from '../../src/config.js';
import { createLibrary } from '../../src/library/library.js';
import { createLogger } from '../../src/logger.js';
import { startStandin } from '../../src/standin/server.js';
import { openFileStore } from '../../src/store/file-store.js';
import { parseTelegramHtml } from '../support/tdlib.js';
import { writeContent } from './content.js';
import { EN_READER, START, TestPublisher, TOKEN } from './harness.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe('long polling', () => {
  it('learns its name with getMe and answers updates it polls', async () => {
    const s = await startStandin({ validateHtml: parseTelegramHtml, botUsername: 'polling_report_bot' });
    cleanup.push(() => s.close());
    const config = parseConfig({ TIMEZONE: 'Asia/Shanghai' });
    const library = createLibrary({ dir: writeContent(), timeZone: config.TIMEZONE });
    await library.reload();
    const store = await openFileStore(mkdtempSync(join(tmpdir(), 'drb-bot-poll-')));
    cleanup.push(() => store.close());
    const bot = createBot({
      token: TOKEN,
      apiRoot: s.apiRoot,
      config,
      library,
      store,
      publisher: new TestPublisher(new Api(TOKEN, { apiRoot: s.apiRoot })),
      scheduler: { runOnce: async () => [], nextRun: () => null, isAlive: () => false },
      logger: createLogger({ level: 'silent', destination: { write: () => undefined } }),
      now: () => START,
    });
    const running = bot.start({ timeout: 1 });
    cleanup.push(async () => {
      await bot.stop();
      await running;
    });

    s.sendText(EN_READER, EN_READER.id, '/date@polling_report_bot 2026-01-05');
    const [first] = await s.waitForMessages(EN_READER.id, 1, 5000);
    expect(first?.text).toBe(library.parts(library.byId('2026-01-05-notes')!)[0]!.text);
    expect(s.callsOf('getMe')).toHaveLength(1);
  });
});
