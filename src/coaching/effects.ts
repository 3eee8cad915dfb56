/**
 * Effects: what a committed turn does to the world, as plain data. They are stored with the dialog state until
 * applied, and every one is idempotent under its id (derived from the committed revision): an entity created by an
 * effect takes an id from the turn, a history entry takes the effect id, an outbox item takes a key from it.
 */
import type { Agreement, AgreementStatus, HistoryEntry, Preparation, Role, Trajectory } from './model.js';
import type { PersonSettings } from './ports.js';

export type Effect =
  | {
      readonly type: 'person.update';
      readonly personId: string;
      readonly settings: PersonSettings;
      readonly clear?: readonly (keyof PersonSettings)[];
    }
  | {
      readonly type: 'trajectory.create';
      readonly trajectory: Omit<Trajectory, 'createdAt' | 'revision'> & { readonly firstSessionAt: string };
    }
  | {
      readonly type: 'trajectory.respond';
      readonly trajectoryId: string;
      readonly accept: boolean;
      readonly byId: string;
    }
  | { readonly type: 'trajectory.join'; readonly trajectoryId: string; readonly coachId: string }
  | { readonly type: 'trajectory.end'; readonly trajectoryId: string; readonly byId: string }
  | {
      readonly type: 'preparation.save';
      readonly sessionId: string;
      readonly preparation: Preparation;
      readonly finished: boolean;
    }
  | { readonly type: 'session.held'; readonly sessionId: string; readonly byId: string }
  | {
      readonly type: 'session.reschedule';
      readonly sessionId: string;
      readonly startsAt: string;
      readonly byId: string;
    }
  | { readonly type: 'session.cancel'; readonly sessionId: string; readonly byId: string }
  | { readonly type: 'session.next'; readonly sessionId: string; readonly startsAt: string; readonly byId: string }
  | {
      readonly type: 'evaluation.save';
      readonly sessionId: string;
      readonly role: Role;
      readonly rating: number;
      readonly comment: string;
    }
  | {
      readonly type: 'agreement.create';
      readonly agreement: Omit<Agreement, 'createdAt' | 'revision' | 'history'>;
      readonly byId: string;
    }
  | {
      readonly type: 'agreement.change';
      readonly agreementId: string;
      readonly from: readonly AgreementStatus[];
      readonly set: Partial<Pick<Agreement, 'status' | 'what' | 'due' | 'owner'>> & { readonly remindAfter?: string };
      readonly change: HistoryEntry['change'];
      readonly byId: string;
      readonly note?: string;
    }
  /** A message to someone else, now (e.g. "your coach accepted"): goes through the outbox, so it is never lost. */
  | {
      readonly type: 'notify';
      readonly recipientId: string;
      readonly kind: string;
      readonly payload: Readonly<Record<string, unknown>>;
    };
