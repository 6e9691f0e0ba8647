/**
 * Admin commands in a group: the answers go to the admin's private chat;
 * the group sees nothing of them (no file names, reasons or channel ids).
 * An admin the bot cannot write to is told, in the group, to open a private
 * chat, and nothing else. Non-admins are refused in the group as before.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, BOT_USERNAME, CHANNELS, GROUP_ID, IMPOSTOR, textOf, useHarness } from './harness.js';

// Unlike the other bot files, this one never asserted on refused calls; kept that way.
const h = useHarness({}, { expectNoRefusals: false });

/** What a group member could read: every message the bot sent to the group. */
const groupText = (): string => h.s.messages(GROUP_ID).map(textOf).join('\n');

describe('admin commands in a group', () => {
  it("/status answers in the admin's private chat; the group sees no file names, reasons or channel ids", async () => {
    const inPrivate = h.s.messages(ADMIN.id).length;
    const inGroup = await h.send(ADMIN, `/status@${BOT_USERNAME}`, GROUP_ID);
    expect(inGroup).toEqual([]);
    const status = textOf(h.s.messages(ADMIN.id)[inPrivate]!);
    expect(status).toContain('broken.md');
    expect(status).toContain(String(CHANNELS.other));
    for (const secret of ['broken.md', 'not-a-date', String(CHANNELS.other), '@daily_report', 'Store:'])
      expect(groupText()).not.toContain(secret);
  });

  it('/reload and /repost too, background result included', async () => {
    expect(await h.send(ADMIN, `/reload@${BOT_USERNAME}`, GROUP_ID)).toEqual([]);
    expect(await h.send(ADMIN, `/repost@${BOT_USERNAME}`, GROUP_ID)).toEqual([]);
    await h.background.idle();
    const privately = h.s.messages(ADMIN.id).map(textOf);
    expect(privately.some((t) => t.startsWith('Reloaded:') && t.includes('broken.md'))).toBe(true);
    expect(privately.some((t) => t.startsWith('Reposting') && t.includes(String(CHANNELS.other)))).toBe(true);
    expect(groupText()).toBe('');
  });

  it('an admin the bot cannot write to gets one line in the group: open a private chat; nothing else leaks', async () => {
    h.s.blockBy(ADMIN.id);
    const inGroup = await h.send(ADMIN, `/status@${BOT_USERNAME}`, GROUP_ID);
    expect(inGroup.map(textOf)).toEqual([
      `I answer admin commands in private. Open a private chat with @${BOT_USERNAME}, press Start, then send the command again.`,
    ]);
    expect(groupText()).not.toMatch(/broken\.md|-100|Store/);
  });

  it('a non-admin is refused in the group, as before', async () => {
    expect((await h.send(IMPOSTOR, `/status@${BOT_USERNAME}`, GROUP_ID)).map(textOf)).toEqual(['Only admins can use this command.']);
  });

  it('in a private chat nothing changes', async () => {
    const [status] = await h.send(ADMIN, '/status');
    expect(textOf(status!)).toContain('broken.md');
  });
});
