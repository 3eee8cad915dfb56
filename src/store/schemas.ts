/**
 * Mongoose schemas and their indexes. Ids are strings we choose (UUIDs, or ids derived from a dialog revision so
 * a retried effect inserts nothing twice). Every hot path reads by `_id` or a unique key.
 */
import { Schema, type Connection, type Model, type mongo } from 'mongoose';

const identity = new Schema(
  { channel: String, tenantId: String, userId: String, address: Schema.Types.Mixed },
  { _id: false },
);

const person = new Schema(
  {
    _id: String,
    displayName: String,
    email: String,
    locale: String,
    timeZone: String,
    workingHours: { start: String, end: String, days: [Number] },
    quietHours: { type: new Schema({ start: String, end: String }, { _id: false }), default: undefined },
    pausedUntil: String,
    identities: [identity],
    /** `channel:tenant:user` per identity: a multikey unique index makes "one person per identity" hold under races. */
    identityKeys: [String],
    unreachable: { type: new Schema({ reason: String, at: Date }, { _id: false }), default: undefined },
    createdAt: Date,
  },
  { versionKey: false, collection: 'people' },
);
person.index({ identityKeys: 1 }, { unique: true });
person.index({ email: 1 }, { sparse: true });

const trajectory = new Schema(
  {
    _id: String,
    employeeId: String,
    coachId: String,
    inviteCode: String,
    proposedBy: String,
    goal: String,
    cadenceDays: Number,
    durationMinutes: Number,
    status: String,
    createdAt: Date,
    endedAt: Date,
    revision: Number,
  },
  { versionKey: false, collection: 'trajectories' },
);
trajectory.index({ employeeId: 1, createdAt: -1 });
trajectory.index({ coachId: 1, createdAt: -1 });
trajectory.index({ inviteCode: 1 }, { unique: true, sparse: true });
trajectory.index({ status: 1, endedAt: 1 });

const session = new Schema(
  {
    _id: String,
    trajectoryId: String,
    number: Number,
    startsAt: Date,
    durationMinutes: Number,
    status: String,
    preparation: Schema.Types.Mixed,
    evaluations: Schema.Types.Mixed,
    evaluationSkipped: Schema.Types.Mixed,
    notes: Schema.Types.Mixed,
    heldAt: Date,
    nextSessionId: String,
    revision: Number,
  },
  { versionKey: false, collection: 'sessions', minimize: false },
);
session.index({ trajectoryId: 1, number: 1 }, { unique: true });
session.index({ startsAt: 1 });

const agreement = new Schema(
  {
    _id: String,
    trajectoryId: String,
    sessionId: String,
    owner: String,
    what: String,
    due: String,
    status: String,
    proposedBy: String,
    fromSupportWish: Boolean,
    remindAfter: Date,
    history: Schema.Types.Mixed,
    createdAt: Date,
    revision: Number,
  },
  { versionKey: false, collection: 'agreements' },
);
agreement.index({ trajectoryId: 1, status: 1, due: 1 });

const dialog = new Schema(
  {
    _id: String,
    schemaVersion: Number,
    revision: Number,
    flow: String,
    step: String,
    values: Schema.Types.Mixed,
    attempts: Number,
    pending: Schema.Types.Mixed,
    /** The last few events this person's turns answered, with their (sealed) replies: see DialogState.answered. */
    answered: Schema.Types.Mixed,
    /** Lease of the turn applying `pending` (see DialogRepo.claimPending). */
    applyingUntil: Date,
    lastEventId: String,
    updatedAt: Date,
  },
  { versionKey: false, collection: 'dialogs', minimize: false },
);

/**
 * Inbound platform events, stored before the platform is acknowledged (see store/inbox.repo.ts). `payload` holds
 * what the turn needs (it may quote what the person wrote) and is removed once the turn committed; the id stays a
 * day to recognise the platform's retries.
 */
const inbox = new Schema(
  {
    _id: String,
    channel: String,
    status: String,
    payload: Schema.Types.Mixed,
    attempts: Number,
    leaseOwner: String,
    leaseUntil: Date,
    receivedAt: Date,
    doneAt: Date,
  },
  { versionKey: false, collection: 'inbox', minimize: false },
);
inbox.index({ status: 1, leaseUntil: 1 });
inbox.index({ doneAt: 1 }, { expireAfterSeconds: 24 * 3600 });

const outbox = new Schema(
  {
    _id: String,
    kind: String,
    recipientId: String,
    dueAt: Date,
    payload: Schema.Types.Mixed,
    urgent: Boolean,
    status: String,
    leaseOwner: String,
    leaseUntil: Date,
    attempts: Number,
    lastError: String,
    createdAt: Date,
    /** A send was started at this time (recorded before the platform call; see the dispatcher's recovery). */
    sendingAt: Date,
  },
  { versionKey: false, collection: 'outbox', minimize: false },
);
outbox.index({ dueAt: 1 });
outbox.index({ recipientId: 1, dueAt: 1 });

const delivery = new Schema(
  {
    _id: String,
    kind: String,
    recipientId: String,
    dueAt: Date,
    deliveredAt: Date,
    outcome: String,
    channel: String,
    messageId: String,
    attempts: Number,
    error: String,
    payload: Schema.Types.Mixed,
    /** Why an item was skipped or failed (no reachable identity, nothing to say, user gone…). */
    reason: String,
    urgent: Boolean,
    /** The dispatcher instance that wrote the entry (two entries for one key show a duplicate delivery). */
    instance: String,
    /** Sent again after an attempt that may have gone out, where the platform cannot be checked (Teams). */
    possibleDuplicate: Boolean,
  },
  { versionKey: false, collection: 'deliveries' },
);
delivery.index({ recipientId: 1, deliveredAt: -1 });
delivery.index({ outcome: 1, deliveredAt: -1 });
/** The delivery log is kept 90 days (README "Privacy and security"). */
delivery.index({ deliveredAt: 1 }, { expireAfterSeconds: 90 * 24 * 3600 });

/** Non-urgent sends per person per local day (`personId:YYYY-MM-DD`), so the daily cap holds across instances. */
const sendQuota = new Schema(
  { _id: String, count: Number, units: [String], expiresAt: Date },
  { versionKey: false, collection: 'sendQuota' },
);
sendQuota.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

/**
 * Scheduled sends per workspace or tenant per second (`slack:T123:<epoch second>`), so the platform's rate holds across
 * instances without a coordinator (see send-rate.repo.ts); gone a minute later.
 */
const sendRate = new Schema(
  { _id: String, places: [String], expiresAt: Date },
  { versionKey: false, collection: 'sendRate' },
);
sendRate.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

const installation = new Schema(
  { _id: String, data: Schema.Types.Mixed, updatedAt: Date },
  { versionKey: false, collection: 'installations' },
);

/** The web chat's transcript (see web-messages.repo.ts): one document per message, read per user in `seq` order. */
const webMessage = new Schema(
  { _id: String, userId: String, seq: Number, from: String, kind: String, at: Date, reply: Schema.Types.Mixed },
  { versionKey: false, collection: 'web_messages', minimize: false },
);
webMessage.index({ userId: 1, seq: 1 });
/** The transcript is kept 90 days (README "Privacy and security"); `at` never runs behind real time. */
webMessage.index({ at: 1 }, { expireAfterSeconds: 90 * 24 * 3600 });

/** Slack forms too large for a button value, under their content hash (see slack-forms.repo.ts). */
const slackForm = new Schema(
  { _id: String, form: Schema.Types.Mixed, at: Date },
  { versionKey: false, collection: 'slack_forms' },
);
/** A stored form is kept 30 days: an older button says kindly that it belongs to an earlier message. */
slackForm.index({ at: 1 }, { expireAfterSeconds: 30 * 24 * 3600 });

/** Files offered in a Teams chat until saved or declined (see teams-files.repo.ts); gone after `expiresAt`. */
const teamsFile = new Schema(
  { _id: String, tenantId: String, userId: String, filename: String, content: String, expiresAt: Date },
  { versionKey: false, collection: 'teams_files' },
);
teamsFile.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
teamsFile.index({ tenantId: 1, userId: 1 });

const schemas = {
  person,
  trajectory,
  session,
  agreement,
  dialog,
  inbox,
  outbox,
  delivery,
  sendQuota,
  sendRate,
  installation,
  webMessage,
  slackForm,
  teamsFile,
} as const;

export type Models = { [K in keyof typeof schemas]: Model<Record<string, unknown>> };

const modelNames: Record<keyof typeof schemas, string> = {
  person: 'Person',
  trajectory: 'Trajectory',
  session: 'Session',
  agreement: 'Agreement',
  dialog: 'Dialog',
  inbox: 'InboxEvent',
  outbox: 'OutboxItem',
  delivery: 'Delivery',
  sendQuota: 'SendQuota',
  sendRate: 'SendRate',
  installation: 'Installation',
  webMessage: 'WebMessage',
  slackForm: 'SlackForm',
  teamsFile: 'TeamsFile',
};

/** Binds every model to one connection (tests use one connection per database). */
export function createModels(connection: Connection): Models {
  const entries = Object.entries(schemas).map(([key, schema]) => {
    const name = modelNames[key as keyof typeof schemas];
    const model = connection.models[name] ?? connection.model(name, schema as Schema);
    return [key, model];
  });
  return Object.fromEntries(entries) as Models;
}

/** Indexes now (unique keys hold from the first write): each model's own start-up, which builds them (autoIndex). */
export async function ensureIndexes(models: Models): Promise<void> {
  await Promise.all(Object.values(models).map((m) => m.init()));
}

/** A document as the driver sees it: our ids are strings we choose. */
export interface StringKeyed {
  _id: string;
  [field: string]: unknown;
}

/**
 * The driver's own collection behind a model, for the few writes every turn makes (the inbox insert, the dialog's
 * compare-and-set): the documents are already what is stored, so mongoose has nothing to cast or default.
 */
export function driverCollection<T extends mongo.Document = StringKeyed>(model: Model<Record<string, unknown>>) {
  const db = model.db.db;
  if (!db) throw new Error('the database connection is not open');
  return db.collection<T>(model.collection.collectionName); // a Document for operators on free fields ($push)
}
