/**
 * The inbox port: platform events stored before the platform is acknowledged, processed under a lease that any
 * instance may take over when it runs out (store/inbox.repo.ts implements it on MongoDB; channels/slack uses it).
 */
export interface InboxEvent {
  readonly id: string;
  readonly channel: string;
  readonly payload: Record<string, unknown>;
  /** Processing attempts so far, this one included (1 on the first). */
  readonly attempts: number;
  readonly receivedAt: Date;
}

export type InboxReceipt = { readonly status: 'new'; readonly event: InboxEvent } | { readonly status: 'seen' };

export interface Inbox {
  /** Stores a received event leased to `owner`; 'seen' for a known id; throws when it cannot be stored. */
  receive(
    id: string,
    channel: string,
    payload: Record<string, unknown>,
    owner: string,
    leaseMs: number,
  ): Promise<InboxReceipt>;
  /** Claims one pending event whose lease ran out, with a fresh lease and one more attempt. */
  claimExpired(channel: string, owner: string, leaseMs: number): Promise<InboxEvent | null>;
  /** Extends this owner's lease; false when another instance took the event over. */
  renew(id: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Gives the event back for a later attempt after `afterMs`. */
  retryLater(id: string, owner: string, afterMs: number): Promise<void>;
  /** The turn committed and its answer went out: the payload is removed, the id kept for retries. */
  done(id: string): Promise<void>;
}
