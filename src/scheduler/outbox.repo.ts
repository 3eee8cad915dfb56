/**
 * The outbox: pending scheduled messages only. `_id` is the idempotency key, so planning twice inserts once;
 * what was delivered moves to `deliveries`, so a scheduler tick's cost follows pending work.
 */
import { isDuplicateKey } from '../core/errors.js';
import type { Outbox, PlannedItem } from '../coaching/ports.js';
import type { Models } from '../store/schemas.js';

export interface OutboxItem extends PlannedItem {
  readonly status: 'pending';
  readonly attempts: number;
  readonly leaseOwner?: string;
  readonly leaseUntil?: Date;
  readonly lastError?: string;
  readonly createdAt: Date;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class MongoOutbox implements Outbox {
  constructor(
    protected readonly models: Models,
    protected readonly now: () => Date = () => new Date(),
  ) {}

  async plan(item: PlannedItem): Promise<boolean> {
    // Delivered before? Then planning again must not resend it. (Deliveries are inserted before the outbox row is
    // removed, so an item is always in at least one of the two collections.)
    if (await this.models.delivery.exists({ _id: item.key })) return false;
    try {
      await this.models.outbox.create({
        _id: item.key,
        kind: item.kind,
        recipientId: item.recipientId,
        dueAt: item.dueAt,
        payload: item.payload,
        urgent: item.urgent ?? false,
        status: 'pending',
        attempts: 0,
        createdAt: this.now(),
      });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Cancels pending items by key prefix. Cancelled items are removed, not logged: planning the same key again later is allowed (a reschedule), while a delivered key is never sent twice. */
  async cancelByPrefix(prefix: string): Promise<number> {
    const removed = await this.models.outbox.deleteMany({ _id: { $regex: `^${escapeRegex(prefix)}` } });
    return removed.deletedCount ?? 0;
  }

  /** Pending items, soonest first (dashboards, tests, the dev clock's "next scheduled message"). */
  async pending(filter: { recipientId?: string } = {}): Promise<OutboxItem[]> {
    const docs = await this.models.outbox.find(filter.recipientId ? { recipientId: filter.recipientId } : {}).sort({ dueAt: 1 }).lean();
    return docs.map((d) => ({ ...(d as unknown as OutboxItem), key: String(d._id) }));
  }
}
