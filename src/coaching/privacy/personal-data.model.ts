/**
 * A person's data rights as the domain sees them: what is held about them (to export), and their removal. The store
 * implements `PersonalData` (src/store/personal-data.ts); the domain renders the export and asks before removing.
 */
import type { Agreement, Person, Role, Session, Trajectory } from '../model.js';

export interface HeldTrajectory {
  readonly trajectory: Trajectory;
  /** The person's role in it. */
  readonly role: Role;
  readonly otherName?: string;
  readonly sessions: readonly Session[];
  readonly agreements: readonly Agreement[];
}

export interface HeldMessage {
  readonly kind: string;
  readonly at: Date;
  /** `planned`, or the delivery's outcome (`sent`, `skipped`, …). */
  readonly outcome: string;
}

/** Everything held about one person, opened (decrypted). */
export interface PersonalRecord {
  readonly person: Person;
  readonly trajectories: readonly HeldTrajectory[];
  readonly planned: readonly HeldMessage[];
  readonly delivered: readonly HeldMessage[];
  /** Messages in their web chat transcript. */
  readonly webChat: number;
}

export interface ErasureReport {
  /** The other person of each removed trajectory (to be told), their role in it and when it started. */
  readonly others: readonly { readonly personId: string; readonly role: Role; readonly startedAt: Date }[];
  readonly trajectories: number;
  readonly documents: number;
  readonly keys: number;
}

export interface PersonalDataReader {
  collect(personId: string): Promise<PersonalRecord | null>;
}

export interface PersonalData extends PersonalDataReader {
  /** Destroys the person's data keys and removes every document that names them. Erasing twice removes nothing more. */
  erase(personId: string): Promise<ErasureReport>;
}
