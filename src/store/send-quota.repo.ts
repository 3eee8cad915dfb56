/**
 * The daily cap on non-urgent sends, per person and local day, shared by every instance. One counter document per
 * `personId:YYYY-MM-DD`, read and written by `_id` only (cheap on any server). A unit is taken by pushing the claim's
 * token onto the document's `units`: the order of the tokens decides who is within the cap, so two instances taking
 * the last unit at once cannot both get it, and the one past the cap pulls its token again. A chunk of people takes
 * its units in one write and one read, whatever its size.
 */
import type { QuotaRequest, SendQuota } from '../scheduler/ports.js';
import { duplicateIndexes } from './outbox.docs.js';
import type { Models } from './schemas.js';

/** Counters outlive their day by a margin, then MongoDB's TTL index removes them. */
const KEEP_MS = 3 * 24 * 3600 * 1000;

const idOf = (r: QuotaRequest): string => `${r.personId}:${r.localDay}`;

export class MongoSendQuota implements SendQuota {
  constructor(
    private readonly models: Models,
    private readonly now: () => Date,
  ) {}

  async takeMany(requests: readonly QuotaRequest[], max: number, token: string): Promise<Set<string>> {
    if (requests.length === 0) return new Set();
    const ids = requests.map(idOf);
    await this.push(ids, token);
    const docs = await this.models.sendQuota.find({ _id: { $in: ids } }).lean();
    const granted = new Set<string>();
    const over: string[] = [];
    for (const doc of docs) {
      const units = Array.isArray(doc.units) ? doc.units.map(String) : [];
      // Units counted before tokens were kept (`count`) come first.
      const position = (typeof doc.count === 'number' ? doc.count : 0) + units.indexOf(token);
      const request = requests[ids.indexOf(String(doc._id))];
      if (!request || units.indexOf(token) < 0) continue;
      if (position < max) granted.add(request.personId);
      else over.push(String(doc._id));
    }
    await this.pullEach(over, token);
    return granted;
  }

  /** One unordered upsert per person; two first takes of the day racing on an upsert: the loser pushes again. */
  private async push(ids: readonly string[], token: string): Promise<void> {
    const expiresAt = new Date(this.now().getTime() + KEEP_MS);
    let pending = [...ids];
    for (let attempt = 0; attempt < 3 && pending.length > 0; attempt++) {
      try {
        await this.models.sendQuota.bulkWrite(
          pending.map((_id) => ({
            updateOne: {
              filter: { _id },
              update: { $push: { units: token }, $setOnInsert: { expiresAt } },
              upsert: true,
            },
          })),
          { ordered: false },
        );
        return;
      } catch (error) {
        const refused = duplicateIndexes(error);
        pending = refused.map((i) => pending[i]).filter((id): id is string => id !== undefined);
      }
    }
  }

  async giveBackMany(requests: readonly QuotaRequest[], token: string): Promise<void> {
    if (requests.length === 0) return;
    await this.pullEach(requests.map(idOf), token);
  }

  /** One command: the token pulled from each counter, by `_id` (the test server scans for an `updateMany`). */
  private async pullEach(ids: readonly string[], token: string): Promise<void> {
    if (ids.length === 0) return;
    await this.models.sendQuota.bulkWrite(
      ids.map((_id) => ({ updateOne: { filter: { _id }, update: { $pull: { units: token } } } })),
      { ordered: false },
    );
  }
}
