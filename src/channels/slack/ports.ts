/**
 * What the Slack adapter needs from storage. The store implements both (store/slack-forms.repo.ts,
 * store/slack-installations.repo.ts); the adapter never sees the database.
 */
import type { Form } from '../../core/reply.js';

/** Where forms too large for a button value are kept, under their content hash; storing twice is a no-op. */
export interface FormStore {
  put(key: string, form: Form): Promise<void>;
  /** What was stored under the key, unvalidated (the codec validates it), or null. */
  get(key: string): Promise<unknown>;
}

/**
 * Slack installations (bot tokens, refresh tokens) as opaque JSON under a workspace (`T:<team>`) or organisation
 * (`E:<enterprise>`) key. Saving under a key replaces what was there, so the newest tokens always win.
 */
export interface InstallationRecords {
  save(key: string, data: unknown): Promise<void>;
  /** The stored JSON, unvalidated, or null when there is none. */
  load(key: string): Promise<unknown>;
  remove(key: string): Promise<void>;
}
