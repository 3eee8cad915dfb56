/**
 * The `data_keys` collection: one wrapped data key per scope (`person:<id>`, `trajectory:<id>`), `_id` = scope, so two
 * instances creating the same key race on the unique `_id` and one wins. Only wrapped keys are stored; the master key
 * that opens them never reaches the database.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { z } from 'zod';
import { isDuplicateKey } from './mongo.errors.js';
import type { WrappedKey } from '../security/key-ring.js';
import type { DataKeyStore, StoredDataKey } from '../security/field-cipher.js';

const dataKeySchema = new Schema(
  { _id: String, keyId: String, wrapped: String, createdAt: Date },
  { versionKey: false, collection: 'data_keys' },
);
dataKeySchema.index({ keyId: 1 });

const storedKey = z.object({ _id: z.string(), keyId: z.string(), wrapped: z.string(), createdAt: z.date() });

const toKey = (doc: unknown): StoredDataKey => {
  const d = storedKey.parse(doc);
  return { scope: d._id, keyId: d.keyId, wrapped: d.wrapped, createdAt: d.createdAt };
};

export class MongoDataKeyStore implements DataKeyStore {
  readonly model: Model<Record<string, unknown>>;

  constructor(connection: Connection) {
    this.model =
      (connection.models.DataKey as Model<Record<string, unknown>> | undefined) ??
      connection.model<Record<string, unknown>>('DataKey', dataKeySchema);
  }

  async init(): Promise<void> {
    await this.model.init(); // creates the collection and builds its indexes (see ensureIndexes)
  }

  async get(scope: string): Promise<StoredDataKey | null> {
    const doc = await this.model.findById(scope).lean();
    return doc ? toKey(doc) : null;
  }

  async insert(key: StoredDataKey): Promise<boolean> {
    try {
      await this.model.create({ _id: key.scope, keyId: key.keyId, wrapped: key.wrapped, createdAt: key.createdAt });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async remove(scopes: readonly string[]): Promise<number> {
    return (await this.model.deleteMany({ _id: { $in: [...scopes] } })).deletedCount;
  }

  async listWrappedByOther(keyId: string, limit: number): Promise<StoredDataKey[]> {
    const docs = await this.model
      .find({ keyId: { $ne: keyId } })
      .limit(limit)
      .lean();
    return docs.map(toKey);
  }

  async replaceWrap(scope: string, fromKeyId: string, to: WrappedKey): Promise<boolean> {
    const result = await this.model.updateOne(
      { _id: scope, keyId: fromKeyId },
      { $set: { keyId: to.keyId, wrapped: to.wrapped } },
    );
    return result.modifiedCount === 1;
  }

  async keyIds(): Promise<string[]> {
    // An aggregation rather than distinct: the test server answers distinct on a collection that is being created
    // (indexes built by another start-up at the same moment) with an unknown error.
    const groups = await this.model.aggregate<{ _id: unknown }>([{ $group: { _id: '$keyId' } }]);
    return groups.filter((g) => g._id != null).map((g) => String(g._id));
  }
}
