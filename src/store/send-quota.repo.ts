/**
 * The daily cap on non-urgent sends, per person and local day, shared by every instance. One counter document per
 * `personId:YYYY-MM-DD`, read and written by `_id` only (cheap on any server), incremented atomically: two instances
 * taking the last unit at once get different counts, and the one past the cap gives its unit back.
 */
import { isDuplicateKey } from './mongo.errors.js';
import type { SendQuota } from '../scheduler/ports.js';
import type { Models } from './schemas.js';

/** Counters outlive their day by a margin, then MongoDB's TTL index removes them. */
const KEEP_MS = 3 * 24 * 3600 * 1000;

export class MongoSendQuota implements SendQuota {
  constructor(
    private readonly models: Models,
    private readonly now: () => Date,
  ) {}

  async take(personId: string, localDay: string, max: number): Promise<boolean> {
    const _id = `${personId}:${localDay}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const doc = await this.models.sendQuota
          .findOneAndUpdate(
            { _id },
            { $inc: { count: 1 }, $setOnInsert: { expiresAt: new Date(this.now().getTime() + KEEP_MS) } },
            { upsert: true, returnDocument: 'after' },
          )
          .lean();
        const count = typeof doc?.count === 'number' ? doc.count : 1;
        if (count <= max) return true;
        await this.models.sendQuota.updateOne({ _id }, { $inc: { count: -1 } });
        return false;
      } catch (error) {
        // Two first sends of the day racing on the upsert: the loser retries as an update.
        if (!isDuplicateKey(error)) throw error;
      }
    }
    return false;
  }

  async giveBack(personId: string, localDay: string): Promise<void> {
    await this.models.sendQuota.updateOne(
      { _id: `${personId}:${localDay}`, count: { $gt: 0 } },
      { $inc: { count: -1 } },
    );
  }
}
