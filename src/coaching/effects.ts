/**
 * Effects: what a committed turn does to the world, as plain data. They are stored with the dialog state until
 * applied, and every one is idempotent under its id (derived from the committed revision): an entity created by an
 * effect takes an id from the turn, a history entry takes the effect id, an outbox item takes a key from it.
 */
import { z } from 'zod';
import type { ChannelIdentity, ProfileHints } from '../core/events.js';
import {
  agreementSchema,
  channelSchema,
  agreementStatusSchema,
  historyEntrySchema,
  personSchema,
  preparationSchema,
  roleSchema,
  trajectorySchema,
  type Agreement,
  type AgreementStatus,
  type HistoryEntry,
  type Person,
  type Preparation,
  type Role,
  type Trajectory,
} from './model.js';
import type { PersonSettings } from './ports.js';

/**
 * The other person of a new trajectory as their channel resolved them (a mention, an e-mail): their person record
 * is found or created when the effect is applied, because a decision never writes.
 */
export interface Invitee {
  readonly role: Role;
  readonly identity: ChannelIdentity;
  readonly profile: ProfileHints;
  readonly defaults: Pick<Person, 'locale' | 'timeZone' | 'workingHours'>;
}

export type Effect =
  | {
      readonly type: 'person.update';
      readonly personId: string;
      readonly settings: PersonSettings;
      readonly clear?: readonly (keyof PersonSettings)[];
    }
  | {
      readonly type: 'trajectory.create';
      /** Without `employeeId` only when the employee is the invitee, found or created when this is applied. */
      readonly trajectory: Omit<Trajectory, 'createdAt' | 'revision' | 'employeeId'> & {
        readonly employeeId?: string;
        readonly firstSessionAt: string;
      };
      readonly invitee?: Invitee;
    }
  | {
      readonly type: 'trajectory.respond';
      readonly trajectoryId: string;
      readonly accept: boolean;
      readonly byId: string;
    }
  | { readonly type: 'trajectory.join'; readonly trajectoryId: string; readonly coachId: string }
  | { readonly type: 'trajectory.end'; readonly trajectoryId: string; readonly byId: string }
  /** The person asked for all their data to be deleted (and confirmed it). */
  | { readonly type: 'person.erase'; readonly personId: string }
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
  /** A typed answer about the conversation that says neither held, moved nor called off: kept as a note. */
  | { readonly type: 'session.note'; readonly sessionId: string; readonly byId: string; readonly text: string }
  | { readonly type: 'session.next'; readonly sessionId: string; readonly startsAt: string; readonly byId: string }
  | {
      readonly type: 'evaluation.save';
      readonly sessionId: string;
      readonly role: Role;
      /** Absent when the rating was skipped: the open answer is kept all the same. */
      readonly rating?: number;
      readonly comment: string;
    }
  /** The wrap-up ended without a rating or an answer: the evaluation is skipped, and stays so. */
  | { readonly type: 'evaluation.skip'; readonly sessionId: string; readonly role: Role }
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
      /** How it stands, as the owner said it in their own words (kept in the history entry's `to`). */
      readonly progress?: 'in_progress' | 'stuck' | 'not_started';
    };

const settingKeys = [
  'locale',
  'timeZone',
  'workingHours',
  'quietHours',
  'pausedUntil',
  'displayName',
  'email',
] as const;
const personSettingsSchema = personSchema
  .pick({
    locale: true,
    timeZone: true,
    workingHours: true,
    quietHours: true,
    pausedUntil: true,
    displayName: true,
    email: true,
  })
  .partial();

const inviteeSchema = z.object({
  role: roleSchema,
  identity: z.object({ channel: channelSchema, tenantId: z.string(), userId: z.string() }),
  profile: z.object({
    displayName: z.string().exactOptional(),
    email: z.string().exactOptional(),
    locale: z.string().exactOptional(),
    timeZone: z.string().exactOptional(),
  }),
  defaults: personSchema.pick({ locale: true, timeZone: true, workingHours: true }),
});

/**
 * Effects as they are stored with the dialog state until applied: read back through this schema, so a pending
 * effect from an older version or a damaged document is refused instead of half-applied.
 */
export const effectSchema: z.ZodType<Effect> = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('person.update'),
    personId: z.string(),
    settings: personSettingsSchema,
    clear: z.array(z.enum(settingKeys)).exactOptional(),
  }),
  z.object({
    type: z.literal('trajectory.create'),
    trajectory: trajectorySchema
      .omit({ createdAt: true, revision: true })
      .extend({ employeeId: z.string().exactOptional(), firstSessionAt: z.string() }),
    invitee: inviteeSchema.exactOptional(),
  }),
  z.object({ type: z.literal('trajectory.respond'), trajectoryId: z.string(), accept: z.boolean(), byId: z.string() }),
  z.object({ type: z.literal('trajectory.join'), trajectoryId: z.string(), coachId: z.string() }),
  z.object({ type: z.literal('trajectory.end'), trajectoryId: z.string(), byId: z.string() }),
  z.object({ type: z.literal('person.erase'), personId: z.string() }),
  z.object({
    type: z.literal('preparation.save'),
    sessionId: z.string(),
    preparation: preparationSchema,
    finished: z.boolean(),
  }),
  z.object({ type: z.literal('session.held'), sessionId: z.string(), byId: z.string() }),
  z.object({ type: z.literal('session.reschedule'), sessionId: z.string(), startsAt: z.string(), byId: z.string() }),
  z.object({ type: z.literal('session.cancel'), sessionId: z.string(), byId: z.string() }),
  z.object({ type: z.literal('session.note'), sessionId: z.string(), byId: z.string(), text: z.string() }),
  z.object({ type: z.literal('session.next'), sessionId: z.string(), startsAt: z.string(), byId: z.string() }),
  z.object({
    type: z.literal('evaluation.save'),
    sessionId: z.string(),
    role: roleSchema,
    rating: z.number().exactOptional(),
    comment: z.string(),
  }),
  z.object({ type: z.literal('evaluation.skip'), sessionId: z.string(), role: roleSchema }),
  z.object({
    type: z.literal('agreement.create'),
    agreement: agreementSchema.omit({ createdAt: true, revision: true, history: true }),
    byId: z.string(),
  }),
  z.object({
    type: z.literal('agreement.change'),
    agreementId: z.string(),
    from: z.array(agreementStatusSchema),
    set: z.object({
      status: agreementStatusSchema.exactOptional(),
      what: z.string().exactOptional(),
      due: agreementSchema.shape.due.exactOptional(),
      owner: roleSchema.exactOptional(),
      remindAfter: z.string().exactOptional(),
    }),
    change: historyEntrySchema.shape.change,
    byId: z.string(),
    note: z.string().exactOptional(),
    progress: z.enum(['in_progress', 'stuck', 'not_started']).exactOptional(),
  }),
]);
