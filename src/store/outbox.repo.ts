/**
 * The outbox: pending scheduled messages only. `_id` is the idempotency key, so planning twice inserts once;
 * what was delivered (or skipped, or failed for good) moves to `deliveries`, so a scheduler tick's cost follows
 * pending work, never history.
 *
 * Claiming is one command per chunk (a conditional update per key) under a unique claim token, on MongoDB's
 * single-document atomicity: each item that is pending, due, and without a lease (or with an expired one) gets this claim's owner and
 * lease end; whoever loses the race on an item simply does not read it back.
 * Every later write by the claimer (release, defer) is conditional on its own lease owner, so a claimer whose lease
 * ran out cannot overwrite the new owner's lease.
 */
import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from './mongo.errors.js';
import type {
  Completion,
  DeliveryLogEntry,
  DispatchStore,
  DueRef,
  OutboxEntry,
  OutboxItem,
  PendingView,
  Release,
  UrgentSignal,
} from '../scheduler/ports.js';
import { duplicateIndexes, insertKeepingDuplicates, logDoc, toItem, toLogEntry } from './outbox.docs.js';
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
      await this.models.outbox.create(pendingDoc(item, this.now()));
      if (item.urgent && item.dueAt.getTime() <= this.now().getTime()) this.urgentListener?.();
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /**
   * Plans many items in two round trips (one read of the delivery log, one unordered insert): what `plan` does for
   * each. Returns how many were new.
   */
  async planMany(items: readonly OutboxEntry[]): Promise<number> {
    if (items.length === 0) return 0;
    const delivered = await this.alreadyDelivered(items.map((item) => item.key));
    const now = this.now();
    const docs = items.filter((item) => !delivered.has(item.key)).map((item) => pendingDoc(item, now));
    if (docs.length === 0) return 0;
    let refused = 0;
    try {
      await this.models.outbox.collection.insertMany(docs, { ordered: false });
    } catch (error) {
      refused = duplicateIndexes(error).length;
    }
    if (items.some((item) => item.urgent && item.dueAt.getTime() <= now.getTime())) this.urgentListener?.();
    return docs.length - refused;
  }

  private urgentListener: (() => void) | undefined;

  /**
   * Called when an urgent item that is already due has been planned (a direct answer to what the other person just
   * did), so this instance's scheduler can deliver it now rather than at its next cron tick.
   */
  onUrgentDue(listener: (() => void) | undefined): void {
    this.urgentListener = listener;
  }

  /**
   * Cancels pending items by key prefix. Cancelled items are removed, not logged: planning the same key again later is
   * allowed (a reschedule), while a delivered key is never sent twice.
   */
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

  /**
   * The atomic claim of a chunk: one command holding a conditional update per key (each document is claimed on its
   * own, atomically: of several instances exactly one matches it), then one read of what this owner won. `owner` is
   * unique per claim, so the read finds exactly this claim's items. Per key by `_id`, not one `updateMany` over `$in`:
   * every server looks `_id` up in its index, while the test server scans the whole outbox for an `updateMany`.
   */
  async claimMany(keys: readonly string[], now: Date, owner: string, leaseMs: number): Promise<OutboxItem[]> {
    if (keys.length === 0) return [];
    const lease = { $set: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) } };
    await this.updateEach(keys, claimable(now), lease);
    const docs = await this.models.outbox.find({ _id: { $in: [...keys] }, leaseOwner: owner }).lean();
    return docs.map(toItem);
  }

  /**
   * Records that sends of these items start now, before the platform calls, while this claim still holds them. Returns
   * the keys still held: an item whose lease was lost (another instance took it over) must not be sent here.
   */
  async markSending(keys: readonly string[], owner: string, at: Date, leaseUntil: Date): Promise<Set<string>> {
    return this.updateHeld(keys, owner, { sendingAt: at, leaseUntil });
  }

  /** Extends the lease of what `owner` still holds among `keys` (one command); returns the keys still held. */
  async renewMany(keys: readonly string[], owner: string, leaseUntil: Date): Promise<Set<string>> {
    return this.updateHeld(keys, owner, { leaseUntil });
  }

  /** Sets `set` on each key `owner` still holds; returns those keys (one more read only when some were not). */
  private async updateHeld(keys: readonly string[], owner: string, set: Record<string, Date>): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const result = await this.updateEach(keys, { leaseOwner: owner }, { $set: set });
    if (result.matchedCount === keys.length) return new Set(keys);
    const held = await this.models.outbox.find({ _id: { $in: [...keys] }, leaseOwner: owner }, { _id: 1 }).lean();
    return new Set(held.map((doc) => String(doc._id)));
  }

  /** One command: a conditional update of each key, by `_id`. */
  private updateEach(keys: readonly string[], filter: Record<string, unknown>, update: Record<string, unknown>) {
    return this.models.outbox.bulkWrite(
      keys.map((key) => ({ updateOne: { filter: { _id: key, ...filter }, update } })),
      { ordered: false },
    );
  }

  /** One command: removes each key, by `_id`. */
  private async removeEach(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.models.outbox.bulkWrite(
      keys.map((key) => ({ deleteOne: { filter: { _id: key } } })),
      { ordered: false },
    );
  }

  /** Keys among these that are already in the delivery log (a crash between logging and removing). */
  async alreadyDelivered(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const docs = await this.models.delivery.find({ _id: { $in: [...keys] } }, { _id: 1 }).lean();
    return new Set(docs.map((doc) => String(doc._id)));
  }

  /** Gives claimed items back for later (a new due time; for a failure one more attempt and the error), in one write. */
  async releaseMany(owner: string, releases: readonly Release[]): Promise<void> {
    if (releases.length === 0) return;
    await this.models.outbox.bulkWrite(
      releases.map(({ key, set }) => ({
        updateOne: {
          filter: { _id: key, leaseOwner: owner },
          update: { $set: { ...set }, $unset: { leaseOwner: '', leaseUntil: '' } },
        },
      })),
      { ordered: false },
    );
  }

  /**
   * Logs the outcomes (one insert), THEN removes the items (one delete): a crash in between leaves them in both, and
   * the next claimer sees the log entries and only removes them. A key the log already holds is a duplicate only when
   * a second, different message went out (a lease that ran out while another instance also delivered): that one is
   * logged again under its own id with outcome `duplicate` and its message id, so it is visible. The same message
   * recorded twice (one instance found the other's post in the DM's history, and both recorded it) is one delivery:
   * the first entry stands. Returns the keys of real duplicates.
   */
  async completeMany(completions: readonly Completion[]): Promise<Set<string>> {
    if (completions.length === 0) return new Set();
    const docs = completions.map(({ item, entry }) => ({ _id: item.key, ...logDoc(item, entry) }));
    const logged = await insertKeepingDuplicates(this.models, docs);
    const duplicates = logged.size > 0 ? await this.secondMessages(completions, logged) : new Set<string>();
    if (duplicates.size > 0) {
      const again = completions
        .filter(({ item }) => duplicates.has(item.key))
        .map(({ item, entry }) => ({
          _id: `${item.key}#dup#${randomUUID().slice(0, 8)}`,
          ...logDoc(item, entry),
          outcome: 'duplicate',
        }));
      await this.models.delivery.insertMany(again, { ordered: false });
    }
    await this.removeEach(completions.map(({ item }) => item.key));
    return duplicates;
  }

  /**
   * Among completions whose key the log already held: those that sent a message other than the message logged (an
   * entry without a message, skipped or failed, was no message, so a later one is not a second).
   */
  private async secondMessages(completions: readonly Completion[], logged: Set<string>): Promise<Set<string>> {
    const earlier = await this.models.delivery.find({ _id: { $in: [...logged] } }, { _id: 1, messageId: 1 }).lean();
    const messageOf = new Map(earlier.map((doc) => [String(doc._id), doc.messageId ?? undefined]));
    const second = completions.filter(({ item, entry }) => {
      if (!logged.has(item.key) || entry.outcome !== 'sent' || !entry.messageId) return false;
      const first = messageOf.get(item.key);
      return first !== undefined && first !== entry.messageId;
    });
    return new Set(second.map(({ item }) => item.key));
  }

  /** Removes items that the log already holds (see `alreadyDelivered`). */
  async discard(keys: readonly string[]): Promise<void> {
    await this.removeEach(keys);
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

/** A planned item as the outbox stores it: pending, never tried. */
function pendingDoc(item: OutboxEntry, now: Date): Record<string, unknown> {
  return {
    _id: item.key,
    kind: item.kind,
    recipientId: item.recipientId,
    dueAt: item.dueAt,
    payload: item.payload,
    urgent: item.urgent ?? false,
    status: 'pending',
    attempts: 0,
    createdAt: now,
  };
}
