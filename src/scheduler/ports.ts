/**
 * The scheduler's ports: what it needs from storage and from the domain, typed with core types only. The scheduler
 * delivers; it makes no coaching decision. What a message says, or whether it still has something to say, is the
 * domain's answer through `Deliverables`, the one port through which the scheduler reaches the domain.
 */
import type { DeliveryGuarantee } from '../core/delivery-guarantee.js';
import type { DeliveryPrefs } from '../core/delivery-window.js';
import type { ChannelIdentity, ResumeEvent } from '../core/events.js';
import type { MessengerTarget } from '../core/messenger.js';
import type { Reply } from '../core/reply.js';

/** One planned message as the outbox holds it. Kind and payload belong to the domain; the scheduler only carries them. */
export interface OutboxEntry {
  readonly key: string;
  readonly kind: string;
  readonly recipientId: string;
  readonly dueAt: Date;
  readonly payload: Readonly<Record<string, unknown>>;
  /** Deliver at once, ignoring working hours (a direct answer to something the other person just did). */
  readonly urgent?: boolean;
}

export interface OutboxItem extends OutboxEntry {
  readonly status: 'pending';
  readonly attempts: number;
  readonly leaseOwner?: string;
  readonly leaseUntil?: Date;
  readonly lastError?: string;
  readonly createdAt: Date;
  /** When a send of this item was last started (recorded before the platform call): it may already have gone out. */
  readonly sendingAt?: Date;
}

export type DeliveryOutcome = 'sent' | 'skipped' | 'failed' | 'duplicate';

/** One line of the delivery log. */
export interface DeliveryLogEntry {
  readonly key: string;
  readonly kind: string;
  readonly recipientId: string;
  readonly dueAt: Date;
  readonly deliveredAt: Date;
  readonly outcome: DeliveryOutcome;
  readonly channel?: string;
  readonly messageId?: string;
  readonly reason?: string;
  readonly attempts: number;
  readonly instance?: string;
  readonly payload: Readonly<Record<string, unknown>>;
  /** Sent again after an attempt that may have gone out, on a channel that cannot check (see core/delivery-guarantee.ts). */
  readonly possibleDuplicate?: boolean;
}

/** How an item left the outbox, as the dispatcher records it (the rest comes from the item itself). */
export type CompletedDelivery = Omit<
  DeliveryLogEntry,
  'key' | 'kind' | 'recipientId' | 'dueAt' | 'payload' | 'attempts'
> & { readonly attempts?: number };

export interface DueRef {
  readonly key: string;
  readonly recipientId: string;
}

/** Renders a due item for its recipient. An empty answer means "nothing to say anymore": logged as skipped. */
export interface Resumer {
  resume(personId: string, event: ResumeEvent): Promise<readonly Reply[]>;
}

/** The domain, as the scheduler sees it: renders a due item, and hears when items left the outbox. */
export interface Deliverables extends Resumer {
  /**
   * Told about the items that left the outbox as sent or skipped, a wave's worth at once (the domain plans what
   * follows them, with a few reads and one write for all of them).
   */
  delivered(items: readonly Pick<OutboxItem, 'kind' | 'recipientId' | 'payload'>[]): Promise<void>;
  /** What a kind prefers when a send may already have gone out and the channel cannot check (the notice says). */
  guaranteeOf(kind: string): DeliveryGuarantee;
}

/** A channel identity with the address the channel stored for proactive messages, if any. */
export interface RecipientIdentity extends ChannelIdentity {
  readonly address?: Readonly<Record<string, unknown>> | undefined;
}

/** Someone a message goes to: when they may be messaged, and where. */
export interface Recipient extends DeliveryPrefs {
  readonly id: string;
  readonly identities: readonly RecipientIdentity[];
  readonly unreachable?: { readonly reason: string } | undefined;
}

export interface Recipients {
  getMany(ids: readonly string[]): Promise<Recipient[]>;
  setAddress(target: MessengerTarget, address: Record<string, unknown>): Promise<void>;
  markUnreachable(id: string, reason: string, at: Date): Promise<void>;
}

/** A claimed item given back for later: a new due time, and for a failure one more attempt and the error. */
export interface Release {
  readonly key: string;
  readonly set: { readonly dueAt: Date; readonly attempts?: number; readonly lastError?: string };
}

/** A claimed item that leaves the outbox, with how it left. */
export interface Completion {
  readonly item: OutboxItem;
  readonly entry: CompletedDelivery;
}

/**
 * The outbox operations the dispatcher uses, a wave (or a chunk of one) at a time: a handful of round trips for
 * hundreds of items. Every write after a claim is conditional on the claim's owner (a unique token per claim).
 */
export interface DispatchStore {
  findDue(now: Date, limit: number): Promise<DueRef[]>;
  /**
   * Claims every claimable item among `keys` for `owner` (one command, a conditional update per key: each document is
   * claimed atomically, so of several instances exactly one wins it) and reads back what this owner won.
   */
  claimMany(keys: readonly string[], now: Date, owner: string, leaseMs: number): Promise<OutboxItem[]>;
  alreadyDelivered(keys: readonly string[]): Promise<Set<string>>;
  /**
   * Records that sends of these items start now, before the platform calls, while this owner still holds them, and
   * extends their lease to `leaseUntil`. Returns the keys still held (a lost lease: do not send that item).
   */
  markSending(keys: readonly string[], owner: string, at: Date, leaseUntil: Date): Promise<Set<string>>;
  /** Extends the lease of the items `owner` still holds to `leaseUntil` (one command); returns the keys still held. */
  renewMany(keys: readonly string[], owner: string, leaseUntil: Date): Promise<Set<string>>;
  /** Gives claimed items back for later (only while `owner` still holds them). */
  releaseMany(owner: string, releases: readonly Release[]): Promise<void>;
  /**
   * Logs the outcomes, THEN removes the items: a crash in between leaves an item in both, and the next claimer only
   * removes it. Returns the keys the log already held (logged again as duplicates under their own ids).
   */
  completeMany(completions: readonly Completion[]): Promise<Set<string>>;
  discard(keys: readonly string[]): Promise<void>;
}

/**
 * The platforms' send rates, shared by every instance (the store counts per workspace or tenant per second). `space`
 * is `channel:tenantId`.
 */
export interface SendRate {
  /**
   * Takes up to `wanted` sends in `at`'s second, of `perSecond`. Returns how many were granted (0 to `wanted`) and the
   * place of the first of them in that second (0-based, over all instances), so sends can be spread over the second.
   */
  take(space: string, wanted: number, perSecond: number, at: Date): Promise<{ granted: number; from: number }>;
}

/** Tells this instance's scheduler that an urgent item is already due, so it need not wait for the next tick. */
export interface UrgentSignal {
  onUrgentDue(listener: (() => void) | undefined): void;
}

/** What is waiting in the outbox (the development clock shows and jumps to it). */
export interface PendingView {
  nextPending(now: Date): Promise<OutboxItem | null>;
  countPending(): Promise<number>;
}

/** One person's allowance for one local day. */
export interface QuotaRequest {
  readonly personId: string;
  readonly localDay: string;
}

/** The daily cap on non-urgent sends, per person and local day, shared by every instance. */
export interface SendQuota {
  /**
   * Takes one unit of each person's allowance for that local day, under `token` (the claim's owner); returns the
   * people who got one (the others reached the cap).
   */
  takeMany(requests: readonly QuotaRequest[], max: number, token: string): Promise<Set<string>>;
  /** Returns units taken under `token` for sends that did not happen (nothing to say, a failure). */
  giveBackMany(requests: readonly QuotaRequest[], token: string): Promise<void>;
}

export interface DispatcherSettings {
  /**
   * How long a claim is held before another instance may take the item over (a crashed claimer). Renewed every third
   * of it while the claimer works on the item, so only a dead or frozen claimer loses it. A send only starts while
   * its claim lasts longer than one platform call may take (core/send-bounds.ts: a quarter of the lease, at most 15 s).
   */
  readonly leaseMs: number;
  /** Due items (keys) fetched per wave; a tick runs waves until nothing is due. One person's due items in a wave
   * go out as one message, so a person's items are split only when more than this many are due at once. */
  readonly waveSize: number;
  /** Items claimed per chunk (whole people at a time), before they are delivered: one claim, one log write. */
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
  /**
   * Scheduled sends per second per workspace (Slack) or tenant (Teams), over all instances together; a channel not
   * named here is not paced. Sends to one conversation are paced by the channel's messenger (Slack one a second).
   */
  readonly sendsPerSecond: Readonly<Record<string, number>>;
}

export const defaultDispatcherSettings: DispatcherSettings = {
  leaseMs: 5 * 60_000,
  waveSize: 5000,
  batchSize: 100,
  concurrency: 8,
  maxMessagesPerDay: 3,
  backoffBaseMs: 30_000,
  backoffMaxMs: 60 * 60_000,
  maxAttempts: 10,
  maxWavesPerTick: 100,
  // Not paced unless told: the running bot passes SLACK_SENDS_PER_SECOND and TEAMS_SENDS_PER_SECOND (src/config.ts).
  sendsPerSecond: {},
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
