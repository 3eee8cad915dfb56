/**
 * The inbox: a platform event is stored here (one insert under its unique id) BEFORE the platform is acknowledged,
 * so an instance that dies after the acknowledgement loses nothing: any instance picks up an event whose processing
 * lease ran out. Where the insert fails (the database is unreachable), the caller answers with an error so the platform
 * retries (Slack's Events API does, three times).
 *
 * An event is marked done once its turn committed and its answer was posted; `payload` (what the turn needs, which
 * may quote what the person wrote) is removed then, and the bare id stays a day so a late platform retry is
 * recognised. Personal data stays only as long as the event is unprocessed, and sealed while it waits (one data key
 * for the inbox: the person is not known yet when an event arrives).
 */
import { mongo } from 'mongoose';
import { Batcher } from './batcher.js';
import { isDuplicateKey } from './mongo.errors.js';
import type { Inbox, InboxEvent, InboxReceipt } from '../core/inbox.js';
import { inboxScope, plainSealer, type Sealer } from '../core/sealer.js';
import { driverCollection, type Models } from './schemas.js';

/** An inbox document as the first insert writes it. */
type InboxDoc = {
  _id: string;
  channel: string;
  status: 'pending';
  payload: unknown;
  attempts: number;
  leaseOwner: string;
  leaseUntil: Date;
  receivedAt: Date;
};

/**
 * Inserts `docs` in one unordered command and says, per document, whether it was stored or its id was known already.
 * Throws when the answer cannot tell every document's fate, so that no event of such a batch is acknowledged (the
 * platform retries them; one that was stored after all is then found as known, and taken over when its lease runs out):
 * - a dropped connection, which the driver wraps as a bulk error with no refusal in it. Read as "all written", the
 *   first version of this acknowledged events the database never stored (the long fault run, around its restart);
 * - a refusal that is not a duplicate key. A server may report a command-wide failure against the first document
 *   only while claiming all were written (mongo-java-server 1.47 does, for a namespace it refuses).
 */
export async function insertEach<D extends { _id: string }>(
  collection: mongo.Collection<D>,
  docs: readonly D[],
): Promise<('inserted' | 'duplicate')[]> {
  try {
    await collection.insertMany([...docs] as mongo.OptionalUnlessRequiredId<D>[], { ordered: false });
    return docs.map(() => 'inserted');
  } catch (error) {
    if (!(error instanceof mongo.MongoBulkWriteError)) throw error;
    const refusals = [error.writeErrors].flat();
    // No refusal in it: the driver wrapped a dropped connection, and nobody knows which documents went in.
    if (refusals.length === 0 || !refusals.every(isDuplicateKey)) throw error;
    const known = new Set(refusals.map((e) => e.index));
    return docs.map((_, i) => (known.has(i) ? 'duplicate' : 'inserted'));
  }
}

/** How long a finished event waits for others to be marked done with it, and how many go in one command. */
const DONE_BATCH_MS = 100;
const DONE_BATCH_MAX = 500;

export class MongoInbox implements Inbox {
  constructor(
    private readonly models: Models,
    private readonly now: () => Date = () => new Date(),
    private readonly sealer: Sealer = plainSealer,
  ) {}

  /**
   * Every turn's first write, grouped (batcher.ts): the events received while earlier inserts are in flight go in one
   * unordered insert, and each learns on its own whether it was new or a known id. Through the driver itself (plain
   * fields, nothing for mongoose to cast or default).
   */
  private readonly inserts = new Batcher<InboxDoc, 'inserted' | 'duplicate'>((docs) =>
    insertEach(driverCollection<InboxDoc>(this.models.inbox), docs),
  );

  /**
   * Stores a received event, leased to `owner` for its first processing. 'seen' when the id is known (a platform
   * retry, or one already processed): nothing to do. Any other failure throws: do not acknowledge the platform then.
   */
  async receive(
    id: string,
    channel: string,
    payload: Record<string, unknown>,
    owner: string,
    leaseMs: number,
  ): Promise<InboxReceipt> {
    const receivedAt = this.now();
    const stored = await this.inserts.submit({
      _id: id,
      channel,
      status: 'pending',
      payload: await this.sealer.sealJson(inboxScope, payload),
      attempts: 1,
      leaseOwner: owner,
      leaseUntil: new Date(receivedAt.getTime() + leaseMs),
      receivedAt,
    });
    if (stored === 'duplicate') return { status: 'seen' };
    return { status: 'new', event: { id, channel, payload, attempts: 1, receivedAt } };
  }

  /** Claims one pending event whose lease ran out (its instance died or gave it back), with a fresh lease. */
  async claimExpired(channel: string, owner: string, leaseMs: number): Promise<InboxEvent | null> {
    const now = this.now();
    const doc = await this.models.inbox
      .findOneAndUpdate(
        { channel, status: 'pending', leaseUntil: { $lte: now } },
        { $set: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
        { returnDocument: 'after' },
      )
      .lean();
    if (!doc) return null;
    const payload = await this.sealer.openJson(doc.payload);
    return {
      id: String(doc._id),
      channel,
      payload: typeof payload === 'object' && payload !== null ? { ...payload } : {},
      attempts: typeof doc.attempts === 'number' ? doc.attempts : 1,
      receivedAt: doc.receivedAt instanceof Date ? doc.receivedAt : now,
    };
  }

  /** Gives an event back for a later attempt (a transient failure): another instance may take it after `afterMs`. */
  async retryLater(id: string, owner: string, afterMs: number): Promise<void> {
    await this.models.inbox.updateOne(
      { _id: id, leaseOwner: owner, status: 'pending' },
      { $set: { leaseUntil: new Date(this.now().getTime() + afterMs) } },
    );
  }

  /** Extends this owner's lease while it works on the event; false when another instance has taken it over. */
  async renew(id: string, owner: string, leaseMs: number): Promise<boolean> {
    const result = await this.models.inbox.updateOne(
      { _id: id, leaseOwner: owner, status: 'pending' },
      { $set: { leaseUntil: new Date(this.now().getTime() + leaseMs) } },
    );
    return result.matchedCount === 1;
  }

  /**
   * The turn committed and its answer went out: forget what it said, keep the id for retries. Resolves once written.
   * Events finished within DONE_BATCH_MS of each other are marked with one command (a round trip per batch, not per
   * turn). Nothing is lost by the wait: until it is written the event is pending under this instance's lease, and an
   * instance that dies meanwhile leaves it to a takeover, which finds the committed answer and what was posted.
   */
  done(id: string): Promise<void> {
    if (!this.finishing || this.finishing.ids.length >= DONE_BATCH_MAX) {
      const ids: string[] = [];
      const written = new Promise((resolve) => setTimeout(resolve, DONE_BATCH_MS)).then(async () => {
        if (this.finishing?.ids === ids) this.finishing = undefined;
        await this.models.inbox.updateMany(
          { _id: { $in: ids } },
          { $set: { status: 'done', doneAt: this.now() }, $unset: { payload: '', leaseOwner: '', leaseUntil: '' } },
        );
      });
      this.finishing = { ids, written };
    }
    this.finishing.ids.push(id);
    return this.finishing.written;
  }

  private finishing: { readonly ids: string[]; readonly written: Promise<void> } | undefined;

  /** Events received and not yet done (the fault test and operators). */
  async countPending(channel?: string): Promise<number> {
    return this.models.inbox.countDocuments({ status: 'pending', ...(channel ? { channel } : {}) });
  }
}
