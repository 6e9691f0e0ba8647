import { describe, expect, it } from 'vitest';
import { problemText } from '../../src/bot/locales/load-texts.js';

describe('problem texts', () => {
  it('says a render that ran out of time or memory failed at rendering, not at reading, in Chinese', () => {
    const file = '2026-11-29.md';
    expect(problemText('zh', { file, reason: 'rendering the file took longer than 10.0 s', code: 'render-timeout' })).toMatch(
      /排成消息超时/,
    );
    expect(problemText('zh', { file, reason: 'rendering the file needed more than 256 MB', code: 'render-memory' })).toMatch(
      /排成消息.*内存/,
    );
    expect(problemText('zh', { file, reason: 'reading the file took longer than 10.0 s', code: 'parse-timeout' })).toMatch(/^读取/);
    // English keeps the sentence the pool wrote, which names the stage.
    expect(problemText('en', { file, reason: 'rendering the file took longer than 10.0 s', code: 'render-timeout' })).toBe(
      'rendering the file took longer than 10.0 s',
    );
  });
});
