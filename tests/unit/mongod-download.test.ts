/**
 * The mongod download memo: a failed download is remembered in DATA_DIR and not retried for a day (unless
 * MONGOD_DOWNLOAD=retry), a cached binary is always used, a first download says what it is doing. The module
 * stand-in replaces mongodb-memory-server's binary lookup (a third-party SDK), handed in as a parameter.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureMongod, readMemo, RETRY_AFTER_MS, type MongodFinder } from '../../src/store/mongod-download.js';

function fakeModule(o: { cached?: string; download: () => Promise<string> }) {
  const calls = { downloads: 0 };
  const mod: MongodFinder<{ version: string; downloadDir: string }> = {
    DryMongoBinary: {
      generateOptions: async () => ({ version: '8.2.6', downloadDir: '/cache/mongodb-binaries' }),
      locateBinary: async () => o.cached,
    },
    MongoBinary: {
      getPath: async () => {
        calls.downloads += 1;
        return o.download();
      },
    },
  };
  return { mod, calls };
}

const offline = () =>
  Promise.reject(
    new Error('Download failed for url "https://fastdl.mongodb.org/x.tgz", Details:\ngetaddrinfo ENOTFOUND'),
  );

describe('mongod download memo', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'memo-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('a failed download is remembered with its details, and skipped at once for a day', async () => {
    const dir = dataDir();
    const { mod, calls } = fakeModule({ download: offline });
    const announced: string[] = [];
    let now = new Date('2026-12-01T10:00:00Z');
    const options = {
      dataDir: dir,
      mode: 'auto' as const,
      timeoutMs: 5_000,
      now: () => now,
      announce: (m: string, f: Record<string, unknown>) => void announced.push(`${m} ${JSON.stringify(f)}`),
    };
    await expect(ensureMongod(mod, options)).rejects.toThrow(
      'Download failed for url "https://fastdl.mongodb.org/x.tgz", Details: getaddrinfo ENOTFOUND',
    );
    expect(announced).toEqual([
      'downloading mongod once (about 100 MB; later starts use the copy) {"version":"8.2.6","into":"/cache/mongodb-binaries"}',
    ]);
    expect(readMemo(dir)).toEqual({
      failedAt: now,
      reason: 'Download failed for url "https://fastdl.mongodb.org/x.tgz", Details: getaddrinfo ENOTFOUND',
    });

    now = new Date(now.getTime() + RETRY_AFTER_MS - 60_000);
    await expect(ensureMongod(mod, options)).rejects.toThrow(
      /tried again after 2026-12-02T10:00:00\.000Z, or now with MONGOD_DOWNLOAD=retry/,
    );
    expect(calls.downloads).toBe(1);

    await expect(ensureMongod(mod, { ...options, mode: 'retry' })).rejects.toThrow(/ENOTFOUND/);
    expect(calls.downloads).toBe(2);

    now = new Date(now.getTime() + RETRY_AFTER_MS + 1);
    await expect(ensureMongod(mod, options)).rejects.toThrow(/ENOTFOUND/);
    expect(calls.downloads).toBe(3);
  });

  it('a download that succeeds clears the memo; off never downloads; a cached binary is always used', async () => {
    const dir = dataDir();
    const failing = fakeModule({ download: offline });
    await expect(
      ensureMongod(failing.mod, { dataDir: dir, mode: 'auto', timeoutMs: 5_000, announce: () => {} }),
    ).rejects.toThrow();
    expect(readMemo(dir)).not.toBeNull();

    const cached = fakeModule({ cached: '/cache/mongod-8.2.6', download: offline });
    const announced: string[] = [];
    expect(
      await ensureMongod(cached.mod, {
        dataDir: dir,
        mode: 'off',
        timeoutMs: 5_000,
        announce: (m) => void announced.push(m),
      }),
    ).toBe('/cache/mongod-8.2.6');
    expect(cached.calls.downloads).toBe(0);
    expect(announced).toEqual([]);

    const off = fakeModule({ download: async () => '/never' });
    await expect(
      ensureMongod(off.mod, { dataDir: dir, mode: 'off', timeoutMs: 5_000, announce: () => {} }),
    ).rejects.toThrow('downloading mongod is off (MONGOD_DOWNLOAD=off)');
    expect(off.calls.downloads).toBe(0);

    const online = fakeModule({ download: async () => '/cache/mongod-new' });
    expect(await ensureMongod(online.mod, { dataDir: dir, mode: 'retry', timeoutMs: 5_000, announce: () => {} })).toBe(
      '/cache/mongod-new',
    );
    expect(readMemo(dir)).toBeNull();
  });

  it('a download that hangs is cut off and remembered', async () => {
    const dir = dataDir();
    const { mod } = fakeModule({ download: () => new Promise<string>(() => {}) });
    await expect(ensureMongod(mod, { dataDir: dir, mode: 'auto', timeoutMs: 50, announce: () => {} })).rejects.toThrow(
      'no mongod within 0 s (downloading from fastdl.mongodb.org)',
    );
    expect(readMemo(dir)?.reason).toMatch(/^no mongod within/);
  });
});
