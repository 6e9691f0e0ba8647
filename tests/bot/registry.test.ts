/**
 * The command registry (src/bot/commands/registry.ts) declares each command
 * once; the menus, /help, the metric labels and the admin filter come from it.
 */
import { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { commandMenu } from '../../src/bot/commands/menu.js';
import { commandsFeature } from '../../src/bot/commands/mount.js';
import { ADMIN_COMMAND_NAMES, COMMAND_NAMES, COMMANDS, helpText } from '../../src/bot/commands/registry.js';
import { type CommandSpec, menuEntries } from '../../src/bot/commands/spec.js';
import type { BotContext } from '../../src/bot/context.js';
import { messagesFor } from '../../src/bot/i18n.js';
import { IMPOSTOR, startHarness, textOf, ZH_READER } from './harness.js';

const specs: readonly CommandSpec[] = COMMANDS;

describe('the command registry', () => {
  it('declares each command once, with a name Telegram accepts', () => {
    const names = specs.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9_]{1,32}$/);
  });

  it("gives every listed command a menu line in both languages, within Telegram's limits, with the argument hint in both or neither", () => {
    for (const { name, menu } of specs) {
      if (!menu) continue;
      for (const lang of ['zh', 'en'] as const) {
        expect(menu[lang].description.length, `${name} ${lang}`).toBeGreaterThan(0);
        expect(menu[lang].description.length, `${name} ${lang}`).toBeLessThanOrEqual(256);
      }
      expect(menu.zh.args === undefined, name).toBe(menu.en.args === undefined);
    }
  });

  it('derives the metric labels and the admin commands from the same list', () => {
    expect([...COMMAND_NAMES].sort()).toEqual(specs.map((c) => c.name).sort());
    expect(ADMIN_COMMAND_NAMES).toEqual(['repost', 'post', 'status', 'reload', 'update']);
  });

  it('a command added to a list shows up in its menu and /help, in its scope, in list order', () => {
    const extra: CommandSpec = {
      name: 'ping',
      scope: 'admin',
      menu: { zh: { description: '测试', args: '[次数]' }, en: { description: 'Ping', args: '[times]' } },
      handler: () => () => undefined,
    };
    const list = [...specs, extra];
    expect(commandMenu(list, 'en', false).map((c) => c.command)).not.toContain('ping');
    expect(commandMenu(list, 'en', true).at(-1)).toEqual({ command: 'ping', description: 'Ping' });
    expect(menuEntries(list, 'zh', true).admin.at(-1)).toEqual({ command: 'ping', description: '测试', args: '[次数]' });
  });

  it("/help lists exactly the menu, one line per command, in the catalogue's language", () => {
    for (const lang of ['zh', 'en'] as const) {
      const t = messagesFor(lang);
      const lines = helpText(t, true).split('\n');
      const listed = lines.filter((l) => l.startsWith('/')).map((l) => l.slice(1, l.search(/[ \u00a0]/)));
      expect(listed).toEqual(commandMenu(COMMANDS, lang, true).map((c) => c.command));
      expect(lines).toContain(`/today — ${lang === 'zh' ? '今天的日报' : "Today's report"}`);
    }
  });

  it('every admin command, /update included, goes through the one admin filter: refused to others, nothing runs', async () => {
    const h = await startHarness();
    try {
      for (const name of ADMIN_COMMAND_NAMES) {
        expect((await h.send(IMPOSTOR, `/${name}`)).map(textOf), name).toEqual(['Only admins can use this command.']);
        expect((await h.send(ZH_READER, `/${name}`)).map(textOf), name).toEqual(['这个命令只有管理员可以使用。']);
      }
      await h.background.idle();
      expect(h.fake.posts).toEqual([]);
      expect(h.scheduler.runOnce).not.toHaveBeenCalled();
      const refusals = h.logs.filter((l) => l.msg === 'admin command from a non-admin refused');
      expect(refusals).toHaveLength(ADMIN_COMMAND_NAMES.length * 2);
      expect(h.refused()).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('mounts any list: each handler built once per mount, admin ones behind the admin filter', async () => {
    const ran: string[] = [];
    let built = 0;
    const spec = (name: string, scope: CommandSpec['scope']): CommandSpec => ({
      name,
      scope,
      handler: () => {
        built++;
        return () => void ran.push(name);
      },
    });
    const bot = new Bot<BotContext>('1:test', { botInfo: { id: 1, is_bot: true, first_name: 'T', username: 't_bot' } as UserFromGetMe });
    const replies: string[] = [];
    let admin = false;
    bot.use((ctx, next) => {
      Object.assign(ctx, { isAdmin: admin, t: messagesFor('en'), log: { warn: () => undefined } });
      ctx.reply = (async (text: string) => void replies.push(text)) as unknown as typeof ctx.reply;
      return next();
    });
    bot.use(commandsFeature([spec('hello', 'reader'), spec('secret', 'admin')]));
    expect(built).toBe(2);
    let id = 0;
    const send = (text: string) =>
      bot.handleUpdate({
        update_id: ++id,
        message: {
          message_id: id,
          date: 0,
          chat: { id: 7, type: 'private', first_name: 'R' },
          from: { id: 7, is_bot: false, first_name: 'R' },
          text,
          entities: [{ type: 'bot_command', offset: 0, length: text.length }],
        },
      });
    await send('/hello');
    await send('/secret');
    expect(ran).toEqual(['hello']);
    expect(replies).toEqual(['Only admins can use this command.']);
    admin = true;
    await send('/secret');
    expect(ran).toEqual(['hello', 'secret']);
    expect(built).toBe(2);
  });
});
