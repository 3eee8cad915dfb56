/**
 * Saved dialog state: plain, versioned JSON, one document per person. `revision` is the compare-and-set token;
 * `pending` holds the effects of the last committed turn until they have been applied, so a crash between commit
 * and action is finished by the next turn instead of being lost.
 */
import type { Reply } from './reply.js';

export const DIALOG_SCHEMA_VERSION = 1;

export interface DialogFrame {
  /** The flow in progress, or null when idle. */
  readonly flow: string | null;
  readonly step: string | null;
  readonly values: Readonly<Record<string, unknown>>;
  /** Unclear answers in a row on this step, to rephrase rather than repeat. */
  readonly attempts: number;
}

export interface DialogState<E = unknown> extends DialogFrame {
  readonly personId: string;
  readonly schemaVersion: number;
  readonly revision: number;
  readonly pending: readonly PendingEffect<E>[];
  /**
   * The last few inbound events this person's turns answered, with the answers, saved in the same compare-and-set as
   * the turn: an event is "done" exactly when its turn committed. A platform retry of a committed event is recognised
   * here, and an event whose answer may not have reached the person (its instance died after the commit) is answered
   * with the same replies instead of running again.
   */
  readonly answered?: readonly AnsweredEvent[];
}

export interface AnsweredEvent {
  /** `${channel}:${eventId}`. */
  readonly event: string;
  /** Absent when the state was read without the answers' texts (a turn's first read): read the state again whole. */
  readonly replies?: readonly Reply[];
}

/** How many answered events a dialog keeps (a person waits for an answer, so a few cover any recovery window). */
export const ANSWERED_KEPT = 5;

export interface PendingEffect<E = unknown> {
  /** `${personId}:${revision}:${index}`: derived from the committed revision, so applying twice is detectable. */
  readonly id: string;
  readonly effect: E;
}

export const idleFrame: DialogFrame = Object.freeze({ flow: null, step: null, values: {}, attempts: 0 });

export interface DialogRepo<E = unknown> {
  /** The person's state; a fresh idle state at revision 0 when none is stored. */
  load(personId: string): Promise<DialogState<E>>;
  /** Saves `next` only if the stored revision is still `expectedRevision`; false when another turn won. */
  save(next: DialogState<E>, expectedRevision: number): Promise<boolean>;
  /**
   * Claims the right to apply the pending effects of `revision` until `until` (a lease). Only one turn applies a
   * revision's effects at a time, so a slow, late application can never land on top of a newer turn's effects;
   * a claimer that dies is replaced when its lease ends. False when someone else holds the claim or nothing is pending.
   */
  claimPending(personId: string, revision: number, until: Date, now: Date): Promise<boolean>;
  /**
   * Extends a claim taken (or last renewed) with end `held` to `until`; false when the claim is no longer that one
   * (another turn took over after it ran out, or the effects were cleared).
   */
  renewPending(personId: string, revision: number, held: Date, until: Date): Promise<boolean>;
  /** Clears the pending effects of `revision` once applied (a no-op if a later turn already replaced them). */
  clearPending(personId: string, revision: number): Promise<void>;
}
