/** Where the domain hands notices to the scheduler: implemented by the outbox in the store. */
import type { PlannedNotice } from './catalogue.js';

export interface NoticeOutbox {
  /** Plans one notice; the key is unique, so planning twice changes nothing. Returns false for a duplicate. */
  plan(item: PlannedNotice): Promise<boolean>;
  /** Cancels pending items whose key starts with the prefix (e.g. everything planned for one agreement). */
  cancelByPrefix(prefix: string): Promise<number>;
}
