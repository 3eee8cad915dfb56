/** Data keys on the real MongoDB-compatible server: one key per scope under races, only wrapped keys stored. */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher, personScope } from '../../src/security/field-cipher.js';
import { LocalKeyRing } from '../../src/security/key-ring.js';
import { MongoDataKeyStore } from '../../src/store/data-key.repo.js';
import { dropDatabase, freshDatabase } from '../support/db.js';

let connection: Connection;
beforeAll(async () => {
  connection = await freshDatabase('datakeys');
});
afterAll(async () => dropDatabase(connection));

describe('data keys in MongoDB', () => {
  it('two instances sealing for the same person at once end up with one key, and both read everything', async () => {
    const master = randomBytes(32);
    const store = new MongoDataKeyStore(connection);
    await store.init();
    const a = new FieldCipher(new LocalKeyRing(master), store);
    const b = new FieldCipher(new LocalKeyRing(master), new MongoDataKeyStore(connection));
    const scope = personScope('racer');
    const sealed = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).seal(scope, `answer number ${i}`)),
    );
    expect(await store.model.countDocuments({ _id: scope })).toBe(1);
    const fresh = new FieldCipher(new LocalKeyRing(master), new MongoDataKeyStore(connection));
    expect(await Promise.all(sealed.map((s) => fresh.open(s)))).toEqual(
      Array.from({ length: 20 }, (_, i) => `answer number ${i}`),
    );
    const raw = await connection
      .getClient()
      .db(connection.name)
      .collection<{ _id: string; wrapped?: string }>('data_keys')
      .findOne({ _id: scope });
    expect(Object.keys(raw ?? {}).sort()).toEqual(['_id', 'createdAt', 'keyId', 'wrapped']);
    expect(Buffer.from(String(raw?.wrapped), 'base64url').length).toBeGreaterThan(32); // iv + wrapped key + tag
  });
});
