/** A field cipher on a test database: this process's random master key, data keys in the database's `data_keys`. */
import type { Connection } from 'mongoose';
import { FieldCipher } from '../../src/security/field-cipher.js';
import { processKeyRing } from '../../src/security/key-ring.js';
import { MongoDataKeyStore } from '../../src/store/data-key.repo.js';
import { SealedFields } from '../../src/store/sealed-fields.js';

export async function testCipher(connection: Connection): Promise<FieldCipher> {
  const store = new MongoDataKeyStore(connection);
  await store.init();
  return new FieldCipher(processKeyRing(), store);
}

export async function testSealedFields(connection: Connection): Promise<SealedFields> {
  return new SealedFields(await testCipher(connection));
}
