/** Where the domain hands notices to the scheduler: implemented by the outbox in the store. */
import type { PlannedNotice } from './catalogue.js';

export interface NoticeOutbox {
  /** Plans one notice; the key is unique, so planning twice changes nothing. Returns false for a duplicate. */
  plan(item: PlannedNotice): Promise<boolean>;
  /** Plans many at once (a few round trips for all of them); returns how many were new. */
  planMany(items: readonly PlannedNotice[]): Promise<number>;
  /** Cancels pending items whose key starts with the prefix (e.g. everything planned for one agreement). */
  cancelByPrefix(prefix: string): Promise<number>;
}
