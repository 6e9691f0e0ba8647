import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const url = (file: string): string => pathToFileURL(new URL(`../../src/${file}`, import.meta.url).pathname).href;

describe('ioredis is loaded only for Redis', () => {
  it('the app on the embedded store never loads it; making a Redis client does', () => {
    // A fresh process: this one's module cache holds whatever other tests loaded.
    const script = `
      import { createRequire } from 'node:module';
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes('/node_modules/ioredis/'));
      await import(${JSON.stringify(url('app/app.ts'))});
      const before = loaded();
      const { connectRedis } = await import(${JSON.stringify(url('store/redis-connect.ts'))});
      connectRedis('redis://127.0.0.1:1').disconnect();
      console.log(JSON.stringify({ before, after: loaded() }));
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toEqual({ before: false, after: true });
  }, 60_000);
});
