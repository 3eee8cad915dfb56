/**
 * The platforms' rates, shared by every instance without a coordinator: one counter document per workspace or tenant
 * per second (`slack:T123:<epoch second>`). Taking sends is one update by `_id` (an upsert) that appends the taker's
 * token once per send wanted to the second's `places`; the order of the array decides: a taker's places are where its
 * tokens stand, and only places below the limit are granted. An update is atomic per document, so however many
 * instances take at once, no two get the same place and the places granted in one second never exceed the limit.
 * (The order of the array, not a returned counter, because a server may hand back a document read a moment after
 * the update, with others' places already added: mongo-java-server does.)
 */
import { randomUUID } from 'node:crypto';
import type { SendRate } from '../scheduler/ports.js';
import { isDuplicateKey } from './mongo.errors.js';
import type { Models } from './schemas.js';

export class MongoSendRate implements SendRate {
  constructor(private readonly models: Models) {}

  async take(space: string, wanted: number, perSecond: number, at: Date): Promise<{ granted: number; from: number }> {
    if (wanted <= 0) return { granted: 0, from: 0 };
    const second = Math.floor(at.getTime() / 1000);
    const id = `${space}:${second}`;
    const token = randomUUID().slice(0, 8);
    const push = async () =>
      this.models.sendRate
        .findOneAndUpdate(
          { _id: id },
          {
            $push: { places: { $each: Array.from({ length: wanted }, () => token) } },
            $setOnInsert: { expiresAt: new Date((second + 60) * 1000) },
          },
          { upsert: true, returnDocument: 'after' },
        )
        .lean();
    // Two instances creating the same second's document at once: the loser's upsert fails once, then appends.
    const doc = await push().catch((error: unknown) => (isDuplicateKey(error) ? push() : Promise.reject(error)));
    const places = Array.isArray(doc?.places) ? doc.places.map(String) : [];
    const from = places.indexOf(token);
    if (from < 0) return { granted: 0, from: 0 };
    return { granted: Math.max(0, Math.min(wanted, perSecond - from)), from };
  }
}
