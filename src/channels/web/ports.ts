/** What the web chat needs from storage: its own transcript. The store implements it (store/web-messages.repo.ts). */
import type { Reply } from '../../core/reply.js';

export type WebSender = 'me' | 'bot';

export interface WebMessage {
  readonly id: string;
  readonly userId: string;
  readonly seq: number;
  readonly from: WebSender;
  /** How it arrived: an answer to what the person did, or a proactive (scheduled) message. */
  readonly kind: 'reply' | 'proactive' | 'input';
  /** The development clock's time when it was stored (what the page shows). */
  readonly at: Date;
  readonly reply: Reply;
}

/** Keeps one chat per web user. */
export interface WebMessageStore {
  append(
    userId: string,
    from: WebSender,
    kind: WebMessage['kind'],
    replies: readonly Reply[],
    at: Date,
  ): Promise<WebMessage[]>;
  /** Messages after `afterSeq` (exclusive), oldest first, at most `limit`; from the start (0) it gives the latest `limit`. */
  list(userId: string, afterSeq: number, limit?: number): Promise<WebMessage[]>;
  count(userId: string): Promise<number>;
}
