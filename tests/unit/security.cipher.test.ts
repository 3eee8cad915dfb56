/** The encryption module on its own: master keys, data keys, sealed texts, rotation, key files. */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../../src/core/logger.js';
import {
  DataKeyGoneError,
  FieldCipher,
  personScope,
  trajectoryScope,
  type DataKeyStore,
  type StoredDataKey,
} from '../../src/security/field-cipher.js';
import { EncryptionKeyError, gcmOpen, gcmSeal, LocalKeyRing, parseMasterKey } from '../../src/security/key-ring.js';
import { KEY_FILE, masterKeyRing } from '../../src/security/master-key.source.js';

/** An in-memory DataKeyStore (the Mongo one is tested in tests/integration/security.data-keys.test.ts). */
class MemoryKeys implements DataKeyStore {
  readonly keys = new Map<string, StoredDataKey>();
  get(scope: string) {
    return Promise.resolve(this.keys.get(scope) ?? null);
  }
  insert(key: StoredDataKey) {
    if (this.keys.has(key.scope)) return Promise.resolve(false);
    this.keys.set(key.scope, key);
    return Promise.resolve(true);
  }
  remove(scopes: readonly string[]) {
    return Promise.resolve(scopes.filter((s) => this.keys.delete(s)).length);
  }
  listWrappedByOther(keyId: string, limit: number) {
    return Promise.resolve([...this.keys.values()].filter((k) => k.keyId !== keyId).slice(0, limit));
  }
  replaceWrap(scope: string, fromKeyId: string, to: { keyId: string; wrapped: string }) {
    const k = this.keys.get(scope);
    if (!k || k.keyId !== fromKeyId) return Promise.resolve(false);
    this.keys.set(scope, { ...k, ...to });
    return Promise.resolve(true);
  }
  keyIds() {
    return Promise.resolve([...new Set([...this.keys.values()].map((k) => k.keyId))]);
  }
}

const b64 = () => randomBytes(32).toString('base64');

describe('master keys', () => {
  it('accepts 32 bytes of base64 and refuses anything else, naming the variable', () => {
    expect(parseMasterKey(b64(), 'ENCRYPTION_KEY')).toHaveLength(32);
    for (const bad of ['', 'short', randomBytes(16).toString('base64'), 'not base64 at all!!']) {
      expect(() => parseMasterKey(bad, 'ENCRYPTION_KEY')).toThrow(/ENCRYPTION_KEY must be 32 random bytes in base64/);
    }
    expect(() => LocalKeyRing.fromText(b64(), `${b64()},oops`)).toThrow(/ENCRYPTION_KEYS/);
  });

  it('refuses to start in production without ENCRYPTION_KEY', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-'));
    expect(() => masterKeyRing({ DATA_DIR: dir, NODE_ENV: 'production' }, silentLogger)).toThrow(
      /ENCRYPTION_KEY is required in production/,
    );
  });

  it('on a laptop without a key, generates one once into DATA_DIR and warns each start', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'keys-')), 'nested');
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (_f, m) => void warnings.push(m), child: () => logger };
    const first = masterKeyRing({ DATA_DIR: dir, NODE_ENV: 'development' }, logger);
    const second = masterKeyRing({ DATA_DIR: dir, NODE_ENV: 'development' }, logger);
    expect(second.currentKeyId).toBe(first.currentKeyId);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/ENCRYPTION_KEY is not set/);
    expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(join(dir, KEY_FILE), 'utf8').trim(), 'base64')).toHaveLength(32);
  });

  it('uses ENCRYPTION_KEY when set and writes no file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-'));
    const key = b64();
    const ring = masterKeyRing({ DATA_DIR: dir, NODE_ENV: 'production', ENCRYPTION_KEY: key }, silentLogger);
    expect(ring.currentKeyId).toBe(LocalKeyRing.fromText(key).currentKeyId);
    expect(() => statSync(join(dir, KEY_FILE))).toThrow();
  });
});

describe('sealed texts', () => {
  it('round-trips text and JSON with dates; the stored form holds no plaintext and differs each time', async () => {
    const cipher = new FieldCipher(LocalKeyRing.fromText(b64()), new MemoryKeys());
    const scope = personScope('p1');
    const a = await cipher.seal(scope, 'I find the planning meetings hard');
    const b = await cipher.seal(scope, 'I find the planning meetings hard');
    expect(a).not.toBe(b);
    expect(a).not.toMatch(/planning/);
    expect(FieldCipher.isSealed(a)).toBe(true);
    expect(await cipher.open(a)).toBe('I find the planning meetings hard');
    const value = { goal: 'speak up', at: new Date('2026-12-01T10:00:00Z'), list: ['één', 'twee'] };
    const sealed = await cipher.sealJson(trajectoryScope('t1'), value);
    expect(sealed).not.toMatch(/speak up/);
    expect(await cipher.openJson(sealed)).toEqual(value);
    expect(await cipher.open('written before encryption')).toBe('written before encryption');
  });

  it('never uses an IV twice, also across the pool of random bytes the IVs are drawn from', () => {
    const key = randomBytes(32);
    const sealed = Array.from({ length: 1_000 }, (_, i) => gcmSeal(key, Buffer.from(`text ${i % 2}`), 'person:p1'));
    expect(new Set(sealed.map((b) => b.subarray(0, 12).toString('hex'))).size).toBe(1_000);
    expect(sealed.every((b, i) => gcmOpen(key, b, 'person:p1')?.toString() === `text ${i % 2}`)).toBe(true);
  });

  it('one data key per scope, stored wrapped; a text moved to another scope does not open', async () => {
    const keys = new MemoryKeys();
    const cipher = new FieldCipher(LocalKeyRing.fromText(b64()), keys);
    const sealed = await cipher.seal(personScope('p1'), 'mine');
    await cipher.seal(personScope('p2'), 'theirs');
    await cipher.seal(personScope('p1'), 'mine again');
    expect([...keys.keys.keys()].sort()).toEqual(['person:p1', 'person:p2']);
    const moved = sealed.replace(/person:p1$/, 'person:p2');
    await expect(cipher.open(moved)).rejects.toThrow(/does not open/);
  });

  it('a wrong master key gives one clear error naming the variable, never garbage', async () => {
    const keys = new MemoryKeys();
    const sealed = await new FieldCipher(LocalKeyRing.fromText(b64()), keys).seal(personScope('p1'), 'secret');
    const other = new FieldCipher(LocalKeyRing.fromText(b64()), keys);
    await expect(other.verify()).rejects.toThrow(EncryptionKeyError);
    await expect(other.verify()).rejects.toThrow(/ENCRYPTION_KEY/);
    await expect(other.open(sealed)).rejects.toThrow(/ENCRYPTION_KEY/);
  });

  it('destroying a data key makes its texts unreadable (backups included)', async () => {
    const keys = new MemoryKeys();
    const ring = LocalKeyRing.fromText(b64());
    const cipher = new FieldCipher(ring, keys);
    const sealed = await cipher.seal(trajectoryScope('t1'), 'our agreement');
    const backup = new Map(keys.keys);
    expect(await cipher.destroy([trajectoryScope('t1')])).toBe(1);
    await expect(cipher.open(sealed)).rejects.toThrow(DataKeyGoneError);
    // A fresh process (no cache) restoring documents but not the destroyed key cannot read them either.
    await expect(new FieldCipher(ring, keys).open(sealed)).rejects.toThrow(DataKeyGoneError);
    expect(backup.size).toBe(1);
  });

  it('rotation: a new ENCRYPTION_KEY with the old one in ENCRYPTION_KEYS reads everything; rewrap moves all keys', async () => {
    const keys = new MemoryKeys();
    const oldKey = b64();
    const newKey = b64();
    const before = new FieldCipher(LocalKeyRing.fromText(oldKey), keys);
    const sealed = await Promise.all(['a', 'b', 'c'].map((id) => before.seal(personScope(id), `text of ${id}`)));
    const during = new FieldCipher(LocalKeyRing.fromText(newKey, oldKey), keys);
    await during.verify();
    expect(await during.open(sealed[0] as string)).toBe('text of a');
    expect(await during.rewrap(2)).toBe(3);
    expect(await during.rewrap()).toBe(0);
    const after = new FieldCipher(LocalKeyRing.fromText(newKey), keys);
    await after.verify();
    expect(await Promise.all(sealed.map((s) => after.open(s)))).toEqual(['text of a', 'text of b', 'text of c']);
    await expect(new FieldCipher(LocalKeyRing.fromText(oldKey), keys).verify()).rejects.toThrow(/ENCRYPTION_KEY/);
  });
});
