/**
 * Before sending an item whose earlier send may already have gone out (its `sendingAt` was recorded, then the
 * instance died, or the outcome could not be written), look on the platform first. Slack can tell: the message's
 * metadata carries the outbox key, found in the DM's recent history. Where the channel cannot tell (Teams, the web
 * chat), the kind decides (its notice's delivery guarantee, core/delivery-guarantee.ts): a reminder is dropped, anything else is sent again and marked as
 * a possible duplicate.
 */
import type { DeliveryGuarantee } from '../core/delivery-guarantee.js';
import type { OutboxItem } from './ports.js';
import type { Messenger, MessengerTarget } from '../core/messenger.js';

/** Where the item goes (person-delivery's route). */
export interface RecoveryRoute {
  readonly messenger: Messenger;
  readonly target: MessengerTarget;
}

/** Where the delivery guarantee of a kind is read (the domain's notices, through the Deliverables port). */
export type GuaranteeOf = (kind: string) => DeliveryGuarantee;

export interface RecoveryHandlers {
  /** The earlier send is on the platform: record it as sent with that message id. */
  found(item: OutboxItem, messageId: string): Promise<void>;
  /** At most once and cannot be checked: record it as skipped. */
  dropped(item: OutboxItem): Promise<void>;
  /** The platform could not be asked now: retry later (the item keeps its `sendingAt`). */
  failed(item: OutboxItem, error: unknown): Promise<void>;
}

export interface RecoveryResult {
  /** Items to send now. */
  readonly send: OutboxItem[];
  /** Keys among `send` that may already have gone out once (no way to check). */
  readonly possibleDuplicates: Set<string>;
}

export async function checkEarlierSends(
  route: RecoveryRoute,
  items: readonly OutboxItem[],
  on: RecoveryHandlers,
  guaranteeOf: GuaranteeOf,
): Promise<RecoveryResult> {
  const send: OutboxItem[] = [];
  const possibleDuplicates = new Set<string>();
  for (const item of items) {
    if (!item.sendingAt) {
      send.push(item);
      continue;
    }
    const { messenger, target } = route;
    if (messenger.findSent) {
      try {
        const earlier = await messenger.findSent(target, item.key, item.sendingAt);
        if (earlier) await on.found(item, earlier.messageId);
        else send.push(item);
      } catch (error) {
        await on.failed(item, error);
      }
    } else if (guaranteeOf(item.kind) === 'at-most-once') {
      await on.dropped(item);
    } else {
      send.push(item);
      possibleDuplicates.add(item.key);
    }
  }
  return { send, possibleDuplicates };
}
