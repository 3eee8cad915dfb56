/**
 * The outbox: pending scheduled messages only. `_id` is the idempotency key, so planning twice inserts once;
 * what was delivered (or skipped, or failed for good) moves to `deliveries`, so a scheduler tick's cost follows
 * pending work, never history.
 *
 * Claiming is one conditional `findOneAndUpdate` per item on MongoDB's single-document atomicity: pending, due, and
 * no lease or an expired one → this claim's owner and lease end. Whoever loses the race gets null and moves on.
 * Every later write by the claimer (release, defer) is conditional on its own lease owner, so a claimer whose lease
 * ran out cannot overwrite the new owner's lease.
 */
import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from './mongo.errors.js';
import type {
  CompletedDelivery,
  DeliveryLogEntry,
  DispatchStore,
  DueRef,
  OutboxEntry,
  OutboxItem,
  PendingView,
  UrgentSignal,
} from '../scheduler/ports.js';
import { toItem, toLogEntry } from './outbox.docs.js';
import type { Models } from './schemas.js';

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Pending, due, and not leased (or leased by someone whose lease ran out). */
const claimable = (now: Date) => ({
  status: 'pending',
  dueAt: { $lte: now },
  $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }],
});

export class MongoOutbox implements DispatchStore, UrgentSignal, PendingView {
  constructor(
    protected readonly models: Models,
    protected readonly now: () => Date = () => new Date(),
  ) {}

  async plan(item: OutboxEntry): Promise<boolean> {
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
      if (item.urgent && item.dueAt.getTime() <= this.now().getTime()) this.urgentListener?.();
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  private urgentListener: (() => void) | undefined;

  /**
   * Called when an urgent item that is already due has been planned (a direct answer to what the other person just
   * did), so this instance's scheduler can deliver it now rather than at its next cron tick.
   */
  onUrgentDue(listener: (() => void) | undefined): void {
    this.urgentListener = listener;
  }

  /** Cancels pending items by key prefix. Cancelled items are removed, not logged: planning the same key again later is allowed (a reschedule), while a delivered key is never sent twice. */
  async cancelByPrefix(prefix: string): Promise<number> {
    const removed = await this.models.outbox.deleteMany({ _id: { $regex: `^${escapeRegex(prefix)}` } });
    return removed.deletedCount ?? 0;
  }

  /** Pending items, soonest first (dashboards, tests, the dev clock's "next scheduled message"). */
  async pending(filter: { recipientId?: string } = {}): Promise<OutboxItem[]> {
    const docs = await this.models.outbox
      .find(filter.recipientId ? { recipientId: filter.recipientId } : {})
      .sort({ dueAt: 1 })
      .lean();
    return docs.map(toItem);
  }

  async countPending(): Promise<number> {
    return this.models.outbox.countDocuments({});
  }

  /** The pending item due soonest that nobody holds (the dev clock jumps to it). */
  async nextPending(now: Date): Promise<OutboxItem | null> {
    const doc = await this.models.outbox
      .findOne({ status: 'pending', $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] })
      .sort({ dueAt: 1 })
      .lean();
    return doc ? toItem(doc) : null;
  }

  /**
   * Up to `limit` claimable items, keys and recipients only. Deliberately unsorted: on MongoDB the `{dueAt: 1}` index
   * already yields the oldest first, while a server without range indexes (the test server) would have to sort every
   * due item per call; order among due items does not matter because a tick drains all of them.
   */
  async findDue(now: Date, limit: number): Promise<DueRef[]> {
    const docs = await this.models.outbox.find(claimable(now), { _id: 1, recipientId: 1 }).limit(limit).lean();
    return docs.map((doc) => ({ key: String(doc._id), recipientId: String(doc.recipientId) }));
  }

  /** The atomic claim: null when someone else holds it, it was delivered meanwhile, or it is not due. */
  async claim(key: string, now: Date, owner: string, leaseMs: number): Promise<OutboxItem | null> {
    const doc = await this.models.outbox
      .findOneAndUpdate(
        { _id: key, ...claimable(now) },
        { $set: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) } },
        { returnDocument: 'after' },
      )
      .lean();
    return doc ? toItem(doc) : null;
  }

  /**
   * Records that a send of this item starts now, before the platform call, while this claim still holds it. False
   * when the lease was lost (another instance took the item over): then this instance must not send it.
   */
  async markSending(key: string, owner: string, at: Date): Promise<boolean> {
    const result = await this.models.outbox.updateOne({ _id: key, leaseOwner: owner }, { $set: { sendingAt: at } });
    return result.matchedCount === 1;
  }

  /** Keys among these that are already in the delivery log (a crash between logging and removing). */
  async alreadyDelivered(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const docs = await this.models.delivery.find({ _id: { $in: [...keys] } }, { _id: 1 }).lean();
    return new Set(docs.map((doc) => String(doc._id)));
  }

  /** Gives a claimed item back for later: a new due time, and for a failure one more attempt and the error. */
  async release(
    key: string,
    owner: string,
    set: { dueAt: Date; attempts?: number; lastError?: string },
  ): Promise<boolean> {
    const result = await this.models.outbox.updateOne(
      { _id: key, leaseOwner: owner },
      { $set: set, $unset: { leaseOwner: '', leaseUntil: '' } },
    );
    return result.modifiedCount === 1;
  }

  /**
   * Logs the outcome, THEN removes the item: a crash in between leaves it in both, and the next claimer sees the log
   * entry and only removes it. If the log already holds the key (a lease that ran out while another instance also
   * delivered), the second outcome is logged as a duplicate under its own id, with its message id, so it is visible.
   */
  async complete(item: OutboxItem, entry: CompletedDelivery): Promise<'logged' | 'duplicate'> {
    const doc = {
      kind: item.kind,
      recipientId: item.recipientId,
      dueAt: item.dueAt,
      payload: item.payload,
      urgent: item.urgent ?? false,
      attempts: entry.attempts ?? item.attempts,
      deliveredAt: entry.deliveredAt,
      outcome: entry.outcome,
      ...(entry.channel ? { channel: entry.channel } : {}),
      ...(entry.messageId ? { messageId: entry.messageId } : {}),
      ...(entry.reason ? { reason: entry.reason } : {}),
      ...(entry.instance ? { instance: entry.instance } : {}),
      ...(entry.possibleDuplicate ? { possibleDuplicate: true } : {}),
    };
    let result: 'logged' | 'duplicate' = 'logged';
    try {
      await this.models.delivery.create({ _id: item.key, ...doc });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      result = 'duplicate';
      await this.models.delivery.create({
        _id: `${item.key}#dup#${randomUUID().slice(0, 8)}`,
        ...doc,
        outcome: entry.outcome === 'sent' ? 'duplicate' : entry.outcome,
      });
    }
    await this.models.outbox.deleteOne({ _id: item.key });
    return result;
  }

  /** Removes an item that the log already holds (see `alreadyDelivered`). */
  async discard(key: string): Promise<void> {
    await this.models.outbox.deleteOne({ _id: key });
  }

  /** Failed deliveries, newest first: what an operator looks at (permanent failures, retries given up). */
  async failedDeliveries(options: { since?: Date; limit?: number } = {}): Promise<DeliveryLogEntry[]> {
    const filter = { outcome: 'failed', ...(options.since ? { deliveredAt: { $gte: options.since } } : {}) };
    const docs = await this.models.delivery
      .find(filter)
      .sort({ deliveredAt: -1 })
      .limit(options.limit ?? 100)
      .lean();
    return docs.map(toLogEntry);
  }

  /** A person's delivery log, newest first (tests, support questions like "why did I not get a reminder?"). */
  async deliveriesFor(recipientId: string, limit = 100): Promise<DeliveryLogEntry[]> {
    const docs = await this.models.delivery.find({ recipientId }).sort({ deliveredAt: -1 }).limit(limit).lean();
    return docs.map(toLogEntry);
  }

  async delivery(key: string): Promise<DeliveryLogEntry | null> {
    const doc = await this.models.delivery.findById(key).lean();
    return doc ? toLogEntry(doc) : null;
  }
}
