/**
 * Proactive sending for the web chat: a scheduled message (invitation, digest, nudge) is stored in the recipient's
 * chat, and the page picks it up on its next poll. There is no remote platform, so the only failure is the database,
 * which is transient: the dispatcher retries it like a Slack 5xx.
 */
import type { Clock } from '../../core/clock.js';
import { DeliveryError, type Messenger, type MessengerTarget, type SentMessage } from '../../core/messenger.js';
import type { Reply } from '../../core/reply.js';
import type { WebMessageStore } from './ports.js';

export class WebMessenger implements Messenger {
  readonly channel = 'web' as const;

  constructor(
    private readonly store: WebMessageStore,
    private readonly clock: Clock,
  ) {}

  async send(target: MessengerTarget, replies: readonly Reply[]): Promise<SentMessage> {
    if (target.channel !== 'web') {
      throw new DeliveryError({ kind: 'permanent', reason: `the web messenger cannot send to ${target.channel}` });
    }
    try {
      const stored = await this.store.append(target.userId, 'bot', 'proactive', replies, this.clock.now());
      return { messageId: stored[0]?.id ?? 'web:empty' };
    } catch (cause) {
      throw new DeliveryError({ kind: 'transient', reason: 'web chat store unavailable' }, { cause });
    }
  }
}
