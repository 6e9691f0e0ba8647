/**
 * Issue 8: /status gives broken-file reasons and warnings in the admin's
 * language (Chinese had English YAML errors), and several reports on one day
 * are all listed by /archive and sent by /date.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, buttons, type Harness, startHarness, textOf, ZH_ADMIN, ZH_READER } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const FILES = {
  '2026-01-05-morning.md': '---\ntitle: 早间快讯\n---\n## 市场\n\n早上好。\n',
  '2026-01-05-evening.md': '---\ntitle: 晚间快讯\n---\n## 市场\n\n晚上好。\n',
  'broken.md': '---\ntitle: "unclosed\ndate: 2026-01-04\n---\n## A\n\ntext\n',
  '2026-01-06-mismatch.md': '---\ntitle: 日期不一致\ndate: 2026-01-04\n---\n## A\n\n[内部链接](../intranet/page.html)\n',
};

describe("/status in the admin's language", () => {
  it('Chinese: broken-file reasons and warnings are Chinese, with no English sentence', async () => {
    h = await startHarness({ files: FILES });
    const [reply] = await h.send(ZH_ADMIN, '/status');
    const text = textOf(reply!);
    expect(text).toContain('broken.md');
    expect(text).toContain('前置信息（YAML）格式有误');
    expect(text).toContain('文件名里的日期是 2026-01-06，前置信息却写 2026-01-04');
    expect(text).toContain('第 7 行的相对链接 ../intranet/page.html 被去掉');
    expect(text).toMatch(/2026-01-05 有 2 篇日报/);
    expect(text).not.toMatch(/front matter|not valid YAML|unexpected end|the file name says|is dropped|reports share/);
  });

  it('English: the same problems in English', async () => {
    h = await startHarness({ files: FILES });
    const [reply] = await h.send(ADMIN, '/status');
    const text = textOf(reply!);
    expect(text).toContain('the front matter is not valid YAML');
    expect(text).toContain('the file name says 2026-01-06 but the front matter date is 2026-01-04');
  });
});

describe('several reports on one day', () => {
  it("/archive lists both on the day's button and /date sends both, in the order they came out", async () => {
    h = await startHarness({ files: FILES });
    const [list] = await h.send(ZH_READER, '/archive');
    expect(buttons(list!).map((b) => b.text)).toContain('2026-01-05 · 晚间快讯 / 早间快讯');
    const sent = await h.send(ZH_READER, '/date 2026-01-05');
    const texts = sent.map((m) => textOf(m)).join('\n---\n');
    expect(texts).toContain('晚上好');
    expect(texts).toContain('早上好');
    expect(texts.indexOf('晚上好')).toBeLessThan(texts.indexOf('早上好'));
  });
});
