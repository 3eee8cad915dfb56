/**
 * What the dispatcher depends on, as small ports: it renders through a `Resumer` (the engine in production, a fake
 * in tests), sends through `Messenger`s, and reads people through the subset of the people repository it needs.
 * The dispatcher makes no coaching decision: what a message says, or whether it still has something to say, is the
 * domain's answer to `resume`.
 */
import type { ResumeEvent } from '../core/events.js';
import type { Reply } from '../core/reply.js';
import type { Person } from '../coaching/model.js';
import type { ChannelIdentity } from '../core/events.js';
import type { DeliveryLogEntry, DueRef, OutboxItem } from './outbox.repo.js';

/** Renders a due item for its recipient. An empty answer means "nothing to say anymore": logged as skipped. */
export interface Resumer {
  resume(personId: string, event: ResumeEvent): Promise<readonly Reply[]>;
}

export interface RecipientRepo {
  get(id: string): Promise<Person | null>;
  setAddress(identity: ChannelIdentity, address: Record<string, unknown>): Promise<void>;
  markUnreachable(id: string, reason: string, at: Date): Promise<void>;
}

/** Told about every item that left the outbox as sent or skipped (the planner plans an agreement's next nudge). */
export interface DeliveryListener {
  delivered(item: Pick<OutboxItem, 'kind' | 'recipientId' | 'payload'>): Promise<void>;
}

/** The outbox operations the dispatcher uses (MongoOutbox implements them). */
export interface DispatchStore {
  findDue(now: Date, limit: number): Promise<DueRef[]>;
  claim(key: string, now: Date, owner: string, leaseMs: number): Promise<OutboxItem | null>;
  alreadyDelivered(keys: readonly string[]): Promise<Set<string>>;
  markSending(key: string, owner: string, at: Date): Promise<boolean>;
  release(key: string, owner: string, set: { dueAt: Date; attempts?: number; lastError?: string }): Promise<boolean>;
  complete(
    item: OutboxItem,
    entry: Omit<DeliveryLogEntry, 'key' | 'kind' | 'recipientId' | 'dueAt' | 'payload' | 'attempts'> & {
      attempts?: number;
    },
  ): Promise<'logged' | 'duplicate'>;
  discard(key: string): Promise<void>;
}

export interface DispatcherSettings {
  /** How long a claim is held before another instance may take the item over (a crashed claimer). */
  readonly leaseMs: number;
  /** Due items (keys) fetched per wave; a tick runs waves until nothing is due. One person's due items in a wave
   * go out as one message, so a person's items are split only when more than this many are due at once. */
  readonly waveSize: number;
  /** Items claimed per chunk (whole people at a time), before they are delivered. */
  readonly batchSize: number;
  /** Claims and per-person deliveries in flight at once within one instance. */
  readonly concurrency: number;
  /** Non-urgent sends per person per local day. */
  readonly maxMessagesPerDay: number;
  /** Retry delay after the first transient failure; doubles per attempt up to `backoffMaxMs`. */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** Attempts after which a transient failure is recorded as failed. */
  readonly maxAttempts: number;
  /** Safety bound on waves per tick (a tick normally ends when nothing is due). */
  readonly maxWavesPerTick: number;
}

export const defaultDispatcherSettings: DispatcherSettings = {
  leaseMs: 5 * 60_000,
  waveSize: 5000,
  batchSize: 50,
  concurrency: 8,
  maxMessagesPerDay: 3,
  backoffBaseMs: 30_000,
  backoffMaxMs: 60 * 60_000,
  maxAttempts: 10,
  maxWavesPerTick: 100,
};

export interface TickResult {
  /** Items this instance claimed. */
  claimed: number;
  /** Items delivered (each merged item counts). */
  sent: number;
  /** Messages sent (one per person per round: merged items make one message). */
  messages: number;
  skipped: number;
  deferred: number;
  retried: number;
  failed: number;
  /** Items another instance claimed first. */
  lost: number;
  /** Items found already delivered (a crash between logging and removing) and only removed. */
  alreadyDelivered: number;
  /** Deliveries that raced an expired lease and were logged as duplicates. */
  duplicates: number;
  /** Items whose earlier send turned out to have gone out (found on the platform): logged as sent, not sent again. */
  recovered: number;
  /** Items sent again after an attempt that may have gone out, on a channel that cannot check: maybe seen twice. */
  possibleDuplicates: number;
}

export const emptyTickResult = (): TickResult => ({
  claimed: 0,
  sent: 0,
  messages: 0,
  skipped: 0,
  deferred: 0,
  retried: 0,
  failed: 0,
  lost: 0,
  alreadyDelivered: 0,
  duplicates: 0,
  recovered: 0,
  possibleDuplicates: 0,
});
