/** POST_FORMAT: `messages` by default, `rich` on request, anything else refused with a sentence naming it. */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';

describe('POST_FORMAT', () => {
  it("defaults to messages (today's split HTML posts)", () => {
    expect(parseConfig({}).POST_FORMAT).toBe('messages');
    expect(parseConfig({ POST_FORMAT: '' }).POST_FORMAT).toBe('messages');
  });

  it('accepts rich and messages', () => {
    expect(parseConfig({ POST_FORMAT: 'rich' }).POST_FORMAT).toBe('rich');
    expect(parseConfig({ POST_FORMAT: 'messages' }).POST_FORMAT).toBe('messages');
  });

  it('refuses anything else, naming the setting', () => {
    expect(() => parseConfig({ POST_FORMAT: 'html' })).toThrow(ConfigError);
    expect(() => parseConfig({ POST_FORMAT: 'html' })).toThrow(/POST_FORMAT/);
  });
});
