/**
 * ENOSPC through an injected fs layer, for machines where the real full disk
 * of disk-full.test.ts cannot be mounted (no CAP_SYS_ADMIN): writes of the
 * state file's temp copy fail as a full disk fails them. The store names
 * DATA_DIR and the reason, keeps state.json whole, reports ping false while
 * saving fails, and works again once there is space.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const disk = vi.hoisted(() => ({ full: false }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof fs.open = async (...args) => {
    const handle = await fs.open(...args);
    if (!disk.full || !String(args[0]).endsWith('.tmp')) return handle;
    // The file opens (an inode is free); its bytes do not fit.
    return new Proxy(handle, {
      get(target, key, receiver) {
        if (key === 'writeFile' || key === 'write') {
          return async () => {
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
          };
        }
        const v: unknown = Reflect.get(target, key, receiver);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  };
  return { ...fs, open, default: { ...fs, open } };
});

const { openFileStore, STATE_FILE } = await import('../../src/store/file-store.js');
const { StoreWriteError } = await import('../../src/store/atomic-write.js');
const { parseState } = await import('../../src/store/file-state.js');

describe('file store on a full disk (injected ENOSPC)', () => {
  it('fails the write clearly, keeps state.json whole, pings false, and recovers', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'drb-enospc-'));
    const file = path.join(dir, STATE_FILE);
    const store = await openFileStore(dir);
    await store.set('publish:progress:x', { next: 2 });
    const before = await readFile(file, 'utf8');

    disk.full = true;
    const err = await store.set('publish:progress:x', { next: 3 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreWriteError);
    expect((err as Error).message).toBe(`could not save state in ${dir}: no space left on device (ENOSPC); the change was not applied`);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(() => parseState(before, file)).not.toThrow();
    expect(await readdir(dir)).toEqual([STATE_FILE]); // the temp file is gone
    expect(await store.get('publish:progress:x')).toEqual({ next: 2 }); // memory back to the disk state
    expect(await store.ping()).toBe(false); // permissions are fine; saving is not

    disk.full = false;
    expect(await store.ping()).toBe(true);
    await store.set('publish:progress:x', { next: 3 });
    expect(parseState(await readFile(file, 'utf8'), file).get('publish:progress:x')).toMatchObject({ json: '{"next":3}' });
    await store.close();
  });
});
