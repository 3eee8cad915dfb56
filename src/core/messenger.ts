/**
 * Proactive sending, per channel. The scheduler hands a person's identity (with the address the channel stored for
 * it) and the replies to send; the channel translates. Failures are classified once, here, so the dispatcher can
 * retry what is transient and record what is permanent.
 */
import { AppError } from './errors.js';
import type { Channel } from './events.js';
import type { Reply } from './reply.js';

export interface MessengerTarget {
  readonly channel: Channel;
  readonly tenantId: string;
  readonly userId: string;
  readonly address?: Readonly<Record<string, unknown>>;
}

export interface SentMessage {
  /** The platform's id for the message (Slack ts, Teams activity id), recorded in the delivery log. */
  readonly messageId: string;
  /** A refreshed address to store for next time (e.g. a new Teams conversation after a 404). */
  readonly address?: Readonly<Record<string, unknown>>;
}

/** What a scheduled send carries besides the replies. */
export interface SendOptions {
  /** The outbox keys this message delivers (Slack stores them in the message's `metadata`, so a crash can be checked). */
  readonly keys?: readonly string[];
  /**
   * Real time (epoch ms) after which the message must not start going out: the sender's claim on it may have run out
   * by the time a later call ends. A messenger checks it right before the platform call that posts the message and
   * throws a transient DeliveryError instead of posting.
   */
  readonly notAfter?: number;
}

export interface Messenger {
  readonly channel: Channel;
  send(target: MessengerTarget, replies: readonly Reply[], options?: SendOptions): Promise<SentMessage>;
  /**
   * Looks in the conversation for a message that carries this outbox key, sent at or after `since` (a send that may
   * have gone out before a crash). Absent where the platform cannot tell (a Teams bot cannot read its chat history).
   */
  findSent?(target: MessengerTarget, key: string, since: Date): Promise<SentMessage | null>;
}

export type DeliveryFailure =
  /** Try again later (network, 5xx, 429, 412); `retryAfterMs` when the platform said how long to wait. */
  | { readonly kind: 'transient'; readonly reason: string; readonly retryAfterMs?: number }
  /**
   * Will not succeed by retrying. `recipient` (the default): the person cannot be reached (user gone, app
   * uninstalled, blocked, missing scope), so they are marked unreachable. `message`: only this message is refused
   * (a malformed or oversized message), so it is logged as failed and the person stays reachable.
   */
  | { readonly kind: 'permanent'; readonly reason: string; readonly scope?: 'recipient' | 'message' };

export class DeliveryError extends AppError {
  constructor(
    readonly failure: DeliveryFailure,
    options?: { cause?: unknown },
  ) {
    super(failure.kind === 'transient' ? 'delivery_transient' : 'delivery_permanent', failure.reason, options);
    this.name = 'DeliveryError';
  }
}
