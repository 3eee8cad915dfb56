/**
 * What the domain needs from storage and from the world, as small interfaces (botbuilder `Storage`, grammY
 * `StorageAdapter`). The store implements them with mongoose; the domain never sees mongoose.
 * Every method that can race is a compare-and-set: it returns false (or null) when someone else got there first.
 */
import type {
  Agreement,
  AgreementStatus,
  Evaluation,
  HistoryEntry,
  Identity,
  Person,
  PersonDefaults,
  Preparation,
  Role,
  Session,
  SessionNote,
  SessionStatus,
  Trajectory,
} from './model.js';
import type { ChannelIdentity, ProfileHints } from '../core/events.js';

type SettingKey = 'locale' | 'timeZone' | 'workingHours' | 'quietHours' | 'pausedUntil' | 'displayName' | 'email';
/** A change to a person's settings; a key set to undefined is cleared. */
export type PersonSettings = { readonly [K in SettingKey]?: Person[K] | undefined };

/** What a decision may read about people. */
export interface PeopleReader {
  get(id: string): Promise<Person | null>;
  getMany(ids: readonly string[]): Promise<Person[]>;
  findByIdentity(identity: ChannelIdentity): Promise<Person | null>;
  findByEmail(email: string): Promise<Person | null>;
}

export interface PeopleRepo extends PeopleReader {
  /** Finds or creates the person behind a channel identity (unique per identity), refreshing name and e-mail. */
  upsertByIdentity(identity: ChannelIdentity, hints: ProfileHints, defaults: PersonDefaults): Promise<Person>;
  update(id: string, settings: PersonSettings): Promise<Person | null>;
  /** Stores the channel's address for proactive messages (conversation reference, DM channel). */
  setAddress(identity: ChannelIdentity, address: Record<string, unknown>): Promise<void>;
  markUnreachable(id: string, reason: string, at: Date): Promise<void>;
  clearUnreachable(id: string): Promise<void>;
}

/** Finds the person behind an identity (refreshing name and e-mail from the profile) or creates them (people.ts). */
export type FindOrCreatePerson = (identity: ChannelIdentity, profile?: ProfileHints) => Promise<Person>;

/** What a decision may read about trajectories. */
export interface TrajectoryReader {
  get(id: string): Promise<Trajectory | null>;
  /** The trajectories among these ids that exist (one read, in no particular order). */
  getMany(ids: readonly string[]): Promise<Trajectory[]>;
  findByInviteCode(code: string): Promise<Trajectory | null>;
  /** Trajectories in which the person is employee or coach, newest first. */
  listForPerson(personId: string): Promise<Trajectory[]>;
}

export interface TrajectoryRepo extends TrajectoryReader {
  /** Inserts under the trajectory's own id; inserting the same id twice is a no-op. */
  insert(trajectory: Trajectory): Promise<void>;
  /** Compare-and-set on status: applies `set` only while the trajectory is in `from`. */
  transition(
    id: string,
    from: Trajectory['status'],
    set: Partial<
      Pick<Trajectory, 'status' | 'coachId' | 'inviteCode' | 'goal' | 'cadenceDays' | 'durationMinutes' | 'endedAt'>
    >,
  ): Promise<Trajectory | null>;
}

/** What a decision may read about sessions. */
export interface SessionReader {
  get(id: string): Promise<Session | null>;
  listForTrajectory(trajectoryId: string): Promise<Session[]>;
  /** Upcoming sessions (not cancelled) starting between from and to, for dashboards and reminders. */
  listStartingBetween(from: Date, to: Date): Promise<Session[]>;
}

export interface SessionRepo extends SessionReader {
  insert(session: Session): Promise<void>;
  /** Compare-and-set on revision. */
  savePreparation(
    id: string,
    expectedRevision: number,
    preparation: Preparation,
    status: SessionStatus,
  ): Promise<Session | null>;
  /** Compare-and-set on status: moves from one of `from` to `to`, with extra fields. */
  transition(
    id: string,
    from: readonly SessionStatus[],
    to: SessionStatus,
    set?: Partial<Pick<Session, 'heldAt' | 'nextSessionId' | 'startsAt' | 'durationMinutes'>>,
  ): Promise<Session | null>;
  setEvaluation(id: string, role: Role, evaluation: Evaluation): Promise<Session | null>;
  /** Records that `role` skipped the evaluation (unless they gave one); null when there is nothing to record. */
  skipEvaluation(id: string, role: Role, at: Date): Promise<Session | null>;
  /** Adds a note once (by its id); null when the session does not exist. */
  addNote(id: string, note: SessionNote): Promise<Session | null>;
}

/** What a decision may read about agreements. */
export interface AgreementReader {
  get(id: string): Promise<Agreement | null>;
  /** The agreements among these ids that exist (one read, in no particular order). */
  getMany(ids: readonly string[]): Promise<Agreement[]>;
  listForTrajectory(trajectoryId: string, statuses?: readonly AgreementStatus[]): Promise<Agreement[]>;
}

export interface AgreementRepo extends AgreementReader {
  insert(agreement: Agreement): Promise<void>;
  /**
   * Applies a change once: only while the status is one of `from`, and only if no history entry with the same id
   * exists yet (the entry id comes from the dialog revision, so a retried effect is not applied twice).
   */
  change(
    id: string,
    from: readonly AgreementStatus[],
    set: Partial<Pick<Agreement, 'status' | 'what' | 'due' | 'owner' | 'remindAfter'>>,
    entry: HistoryEntry,
  ): Promise<Agreement | null>;
}

/** Resolves "who is my coach" on the sender's own channel: a mention or an e-mail address. */
export interface Directory {
  resolve(
    from: ChannelIdentity,
    reference: string,
  ): Promise<{ identity: ChannelIdentity; profile: ProfileHints } | null>;
}

export type { Identity };

/**
 * Lifecycle changes the scheduler plans around (invitations, digests, nudges). The domain says what happened; the
 * scheduler's planner decides what to send when, and cancels what no longer applies.
 */
export type LifecycleEvent =
  | { readonly type: 'session.scheduled'; readonly sessionId: string }
  | { readonly type: 'session.rescheduled'; readonly sessionId: string }
  | { readonly type: 'session.cancelled'; readonly sessionId: string }
  | { readonly type: 'preparation.finished'; readonly sessionId: string }
  | { readonly type: 'session.held'; readonly sessionId: string }
  | { readonly type: 'next.planned'; readonly sessionId: string }
  | { readonly type: 'agreement.created'; readonly agreementId: string }
  | { readonly type: 'agreement.changed'; readonly agreementId: string }
  /** The trajectory ended: nothing more is planned for its sessions and agreements. */
  | { readonly type: 'trajectory.ended'; readonly trajectoryId: string };

export interface Lifecycle {
  emit(event: LifecycleEvent): Promise<void>;
}
