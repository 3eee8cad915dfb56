/**
 * What the Teams adapter needs from storage. The store implements it (store/teams-files.repo.ts); the adapter never
 * sees the database.
 */

/** Who a file is offered to: only this Teams user may save it. */
export interface FileOwner {
  readonly tenantId: string;
  readonly userId: string;
}

/** A file offered in a personal chat, kept until the person saves or declines it, or until it expires. */
export interface OfferedFile extends FileOwner {
  readonly id: string;
  readonly filename: string;
  /** The file's text (calendar invitations and data exports are text). */
  readonly content: string;
}

/** Offered files, sealed at rest, removed once saved or declined, and expired by the database after `expiresAt`. */
export interface OfferedFiles {
  /** Keeps the file and returns its id (random, unguessable). */
  keep(file: Omit<OfferedFile, 'id'>, expiresAt: Date): Promise<string>;
  /** The file, or null when it is gone (saved, declined, expired) or the id is unknown. */
  find(id: string): Promise<OfferedFile | null>;
  remove(id: string): Promise<void>;
}
