/**
 * The coaching domain's data, as zod schemas: the store validates every document it reads back against these, so a
 * half-written or foreign document is refused at the boundary instead of deep inside a flow.
 * Times are UTC `Date`s; a due date is a local calendar date (`YYYY-MM-DD`) in the owner's time zone.
 */
import { z } from 'zod';

export const localeSchema = z.enum(['en', 'nl']);
export type Locale = z.infer<typeof localeSchema>;

export const channelSchema = z.enum(['slack', 'teams', 'web']);

export const identitySchema = z.object({
  channel: channelSchema,
  tenantId: z.string(),
  userId: z.string(),
  /** Channel-specific address for proactive messages (a Teams conversation reference, a Slack DM channel id). */
  address: z.record(z.string(), z.unknown()).optional(),
});
export type Identity = z.infer<typeof identitySchema>;

export const hhmmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const personSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string().optional(),
  locale: localeSchema,
  timeZone: z.string(),
  workingHours: z.object({ start: hhmmSchema, end: hhmmSchema, days: z.array(z.number().int().min(1).max(7)) }),
  quietHours: z.object({ start: hhmmSchema, end: hhmmSchema }).optional(),
  pausedUntil: z.string().optional(),
  identities: z.array(identitySchema),
  unreachable: z.object({ reason: z.string(), at: z.date() }).optional(),
  createdAt: z.date(),
});
export type Person = z.infer<typeof personSchema>;

/** What a person starts with when they first appear (from the configuration): language, zone, working hours. */
export type PersonDefaults = Pick<Person, 'locale' | 'timeZone' | 'workingHours'>;

export const trajectoryStatusSchema = z.enum(['proposed', 'active', 'declined', 'ended']);
export const trajectorySchema = z.object({
  id: z.string(),
  employeeId: z.string(),
  coachId: z.string().optional(),
  /** Set while the coach is not yet known: the code the coach sends to the bot to join. */
  inviteCode: z.string().optional(),
  proposedBy: z.enum(['employee', 'coach']),
  goal: z.string(),
  cadenceDays: z.number().int().min(1).max(180),
  durationMinutes: z.number().int().min(10).max(480),
  status: trajectoryStatusSchema,
  createdAt: z.date(),
  /** When it ended or was declined: retention counts from here (RETENTION_DAYS_AFTER_END). */
  endedAt: z.date().optional(),
  revision: z.number().int(),
});
export type Trajectory = z.infer<typeof trajectorySchema>;

export const agreementReviewSchema = z.object({
  agreementId: z.string(),
  what: z.string(),
  /** As the employee put it: done, busy with it, stuck, not started yet (typed in their words or picked). */
  status: z.enum(['done', 'in_progress', 'stuck', 'not_yet']),
  note: z.string().optional(),
});
export type ReviewStatus = z.infer<typeof agreementReviewSchema>['status'];

/**
 * The first-conversation intake (tips 1, 3, 4, 6, 9): how the employee learns best, a good challenge now, a realistic
 * first step, and how and how often the two keep each other informed. Stored with the preparation it was given in;
 * the newest one in a trajectory is the one that counts (it can be changed in any later preparation).
 */
export const intakeSchema = z.object({
  learning: z.string().optional(),
  challenge: z.string().optional(),
  firstStep: z.string().optional(),
  keepInformed: z.string().optional(),
});
export type Intake = z.infer<typeof intakeSchema>;

/** What the employee wrote while preparing. */
const preparationContentSchema = z.object({
  goal: z.string().optional(),
  report: z.string().optional(),
  reportFollowUp: z.string().optional(),
  /** The employee's own one-sentence conclusion of the travel report: it opens the coach's digest. */
  conclusion: z.string().optional(),
  intake: intakeSchema.optional(),
  successes: z.array(z.string()),
  agreementReview: z.array(agreementReviewSchema),
  coachFeedback: z.string().optional(),
  improvements: z.array(z.string()),
  support: z.array(z.string()),
  topics: z.array(z.string()),
  desiredMinutes: z.number().int().optional(),
  skipped: z.array(z.string()),
  completedAt: z.date().optional(),
  updatedAt: z.date().optional(),
});
export type PreparationContent = z.infer<typeof preparationContentSchema>;

export const preparationSchema = preparationContentSchema.extend({
  /**
   * What the coach sees: a copy of the preparation as it was when the employee last pressed send. Until the first
   * send there is none, and changes made after a send stay the employee's draft until they send again.
   */
  sent: preparationContentSchema.optional(),
});

export type Preparation = z.infer<typeof preparationSchema>;

export const emptyPreparation = (): Preparation => ({
  successes: [],
  agreementReview: [],
  improvements: [],
  support: [],
  topics: [],
  skipped: [],
});

/** A rating is optional: the open answer is kept even when the rating is skipped. */
export const evaluationSchema = z.object({
  rating: z.number().int().min(1).max(5).optional(),
  comment: z.string(),
  at: z.date(),
});
export type Evaluation = z.infer<typeof evaluationSchema>;

/**
 * A note on a conversation: what a person typed when asked about it ("Did it take place?") that said neither yes,
 * moved nor no — kept, never refused. The coach sees the notes in the next agenda.
 */
export const sessionNoteSchema = z.object({
  /** The id of the effect that wrote it: writing it again adds nothing. */
  id: z.string(),
  at: z.date(),
  byId: z.string(),
  role: z.enum(['employee', 'coach']),
  text: z.string(),
});
export type SessionNote = z.infer<typeof sessionNoteSchema>;

export const sessionStatusSchema = z.enum(['scheduled', 'preparing', 'prepared', 'held', 'evaluated', 'cancelled']);
export type SessionStatus = z.infer<typeof sessionStatusSchema>;
export const sessionSchema = z.object({
  id: z.string(),
  trajectoryId: z.string(),
  number: z.number().int().min(1),
  startsAt: z.date(),
  durationMinutes: z.number().int(),
  status: sessionStatusSchema,
  preparation: preparationSchema,
  evaluations: z.object({ employee: evaluationSchema.optional(), coach: evaluationSchema.optional() }),
  /** When each skipped the evaluation at the wrap-up: it stays skipped (not asked again, no wrap-up restarted). */
  evaluationSkipped: z.object({ employee: z.date().optional(), coach: z.date().optional() }).optional(),
  heldAt: z.date().optional(),
  nextSessionId: z.string().optional(),
  notes: z.array(sessionNoteSchema).optional(),
  revision: z.number().int(),
});
export type Session = z.infer<typeof sessionSchema>;

export const roleSchema = z.enum(['employee', 'coach']);
export type Role = z.infer<typeof roleSchema>;

export const agreementStatusSchema = z.enum(['proposed', 'open', 'done', 'dropped']);
export type AgreementStatus = z.infer<typeof agreementStatusSchema>;
export const historyEntrySchema = z.object({
  id: z.string(),
  at: z.date(),
  by: z.string(),
  change: z.enum([
    'created',
    'accepted',
    'declined',
    'edited',
    'rescheduled',
    'done',
    'dropped',
    'reopened',
    'note',
    'snoozed',
  ]),
  note: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const agreementSchema = z.object({
  id: z.string(),
  trajectoryId: z.string(),
  sessionId: z.string().optional(),
  owner: roleSchema,
  what: z.string(),
  /** Local calendar date in the owner's time zone. */
  due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  status: agreementStatusSchema,
  proposedBy: roleSchema,
  fromSupportWish: z.boolean().optional(),
  /** Set by a snooze: no reminder for this agreement before this instant. */
  remindAfter: z.date().optional(),
  history: z.array(historyEntrySchema),
  createdAt: z.date(),
  revision: z.number().int(),
});
export type Agreement = z.infer<typeof agreementSchema>;

export const MAX_TEXT = 2000;
