import { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { registerCommands } from '../../src/bot/create-bot.js';
import { parseConfig } from '../../src/config.js';
import { type Standin, startStandin } from '../../src/standin/server.js';
import { TOKEN } from './harness.js';

let s: Standin | undefined;
afterEach(async () => {
  await s?.close();
});

describe('registerCommands', () => {
  it("reader commands for everyone (zh default, en for English clients), reader + admin commands in each admin's chat", async () => {
    s = await startStandin();
    const config = parseConfig({ ADMIN_IDS: '1001,1002' });
    await registerCommands(new Api(TOKEN, { apiRoot: s.apiRoot }), config);

    const names = (list: Array<{ command: string }>): string[] => list.map((c) => c.command);
    const reader = [
      'today',
      'latest',
      'yesterday',
      'date',
      'archive',
      'topics',
      'topic',
      'subscribe',
      'subscriptions',
      'unsubscribe',
      'help',
    ];
    const admin = [...reader, 'repost', 'post', 'status', 'reload', 'update'];

    expect(names(s.commands())).toEqual(reader);
    expect(s.commands()[0]).toEqual({ command: 'today', description: '今天的日报' });
    expect(names(s.commands(undefined, 'en'))).toEqual(reader);
    expect(s.commands(undefined, 'en')[0]).toEqual({ command: 'today', description: "Today's report" });
    for (const chat_id of [1001, 1002]) {
      expect(names(s.commands({ type: 'chat', chat_id }))).toEqual(admin);
      expect(s.commands({ type: 'chat', chat_id }).at(-2)).toEqual({ command: 'reload', description: '重新读取日报文件（管理员）' });
      expect(s.commands({ type: 'chat', chat_id }, 'en').at(-2)).toEqual({
        command: 'reload',
        description: 'Reread the report files (admin)',
      });
    }
    expect(s.callsOf('setMyCommands').map((c) => c.status)).toEqual(Array(6).fill(200));
  });

  it('without admins, only the reader menus', async () => {
    s = await startStandin();
    await registerCommands(new Api(TOKEN, { apiRoot: s.apiRoot }), parseConfig({}));
    expect(s.callsOf('setMyCommands').map((c) => [c.payload.scope, c.payload.language_code])).toEqual([
      [{ type: 'default' }, undefined],
      [{ type: 'default' }, 'en'],
    ]);
  });
});
