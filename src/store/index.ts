/**
 * Storage in one room: every collection's repository, built on one connection. The rest of the app sees each one
 * through a port its user owns (coaching/ports.ts, core/dialog.ts, scheduler/ports.ts, channels/<x>/<x>.ports.ts);
 * only this folder knows mongoose.
 */
import type { Connection } from 'mongoose';
import type { z } from 'zod';
import type { Clock } from '../core/clock.js';
import { FieldCipher } from '../security/field-cipher.js';
import type { KeyWrapper } from '../security/key-ring.js';
import { MongoArrivals } from './arrival.repo.js';
import { MongoAgreementRepo, MongoSessionRepo, MongoTrajectoryRepo } from './coaching.repo.js';
import { MongoCalendarEvents } from './calendar.repo.js';
import { MongoDataKeyStore } from './data-key.repo.js';
import { MongoDialogRepo } from './dialog.repo.js';
import { MongoInbox } from './inbox.repo.js';
import { MongoOperations } from './operations.repo.js';
import { MongoOutbox } from './outbox.repo.js';
import { MongoPeopleRepo } from './people.repo.js';
import { MongoPersonalData } from './personal-data.js';
import { MongoRetention } from './retention.js';
import { createModels, ensureIndexes } from './schemas.js';
import { SealedFields } from './sealed-fields.js';
import { MongoSendQuota } from './send-quota.repo.js';
import { MongoSendRate } from './send-rate.repo.js';
import { MongoSlackForms } from './slack-forms.repo.js';
import { MongoSlackInstallations } from './slack-installations.repo.js';
import { MongoTeamsFiles } from './teams-files.repo.js';
import { Uninstalls } from './uninstalls.js';
import { MongoWebMessages } from './web-messages.repo.js';

/** `E` is the domain's effect type, kept opaque here: the dialog store saves pending effects as they come. */
export interface Store<E = unknown> {
  readonly people: MongoPeopleRepo;
  readonly trajectories: MongoTrajectoryRepo;
  readonly sessions: MongoSessionRepo;
  readonly agreements: MongoAgreementRepo;
  readonly dialogs: MongoDialogRepo<E>;
  /** A person found by their channel identity with their dialog state, in one round trip (a turn's first read). */
  readonly arrivals: MongoArrivals<E>;
  /** Inbound platform events stored before they are acknowledged (see inbox.repo.ts). */
  readonly inbox: MongoInbox;
  readonly outbox: MongoOutbox;
  readonly sendQuota: MongoSendQuota;
  /** Scheduled sends per workspace or tenant per second, across instances (send-rate.repo.ts). */
  readonly sendRate: MongoSendRate;
  readonly webMessages: MongoWebMessages;
  readonly slackForms: MongoSlackForms;
  readonly slackInstallations: MongoSlackInstallations;
  /** Files offered in Teams chats until saved or declined (file consent). */
  readonly teamsFiles: MongoTeamsFiles;
  readonly dataKeys: MongoDataKeyStore;
  /** Calendar invitations sent per session (src/calendar). */
  readonly calendarEvents: MongoCalendarEvents;
  /** Stopping messages and removing data when the app is removed. */
  readonly uninstalls: Uninstalls;
  /** A person's data rights: everything held about them, and its removal. */
  readonly personalData: MongoPersonalData;
  /** The retention run, keeping ended trajectories `daysAfterEnd` days (see retention.ts). */
  readonly retention: (daysAfterEnd: number) => MongoRetention;
  /** Read-only figures for operators (metrics, `npm run admin`). */
  readonly operations: MongoOperations;
  /** Seals and opens free text at rest; the repositories above use it (see src/security/field-cipher.ts). */
  readonly cipher: FieldCipher;
}

export interface StoreOptions<E> {
  readonly connection: Connection;
  readonly clock: Clock;
  /** Reads the domain's pending effects back (see MongoDialogRepo). */
  readonly effectSchema: z.ZodType<E>;
  /** The master key ring that wraps the data keys. */
  readonly keys: KeyWrapper;
}

/**
 * Binds every repository to the connection and builds the indexes first, so unique keys hold from the first write.
 * Refuses to start when a stored data key cannot be opened with the given master keys (FieldCipher.verify).
 */
export async function createStore<E>(options: StoreOptions<E>): Promise<Store<E>> {
  const { connection, clock, effectSchema } = options;
  const models = createModels(connection);
  await ensureIndexes(models);
  const dataKeys = new MongoDataKeyStore(connection);
  await dataKeys.init();
  const cipher = new FieldCipher(options.keys, dataKeys);
  await cipher.verify();
  const sealed = new SealedFields(cipher);
  const now = (): Date => clock.now();
  const people = new MongoPeopleRepo(models);
  const trajectories = new MongoTrajectoryRepo(models, sealed);
  const sessions = new MongoSessionRepo(models, sealed);
  const agreements = new MongoAgreementRepo(models, sealed);
  const dialogs = new MongoDialogRepo<E>(models, effectSchema, cipher);
  const personalData = new MongoPersonalData({
    connection,
    models,
    cipher,
    people,
    trajectories,
    sessions,
    agreements,
  });
  return {
    people,
    trajectories,
    sessions,
    agreements,
    dialogs,
    arrivals: new MongoArrivals<E>(models, people, dialogs),
    inbox: new MongoInbox(models, () => new Date(), cipher), // leases in real time, whatever the app's clock
    outbox: new MongoOutbox(models, now),
    sendQuota: new MongoSendQuota(models, now),
    sendRate: new MongoSendRate(models),
    webMessages: new MongoWebMessages(models, cipher),
    slackForms: new MongoSlackForms(models, now, cipher),
    slackInstallations: new MongoSlackInstallations(models, now),
    teamsFiles: new MongoTeamsFiles(models, now, cipher),
    dataKeys,
    calendarEvents: new MongoCalendarEvents(connection),
    uninstalls: new Uninstalls(models),
    personalData,
    retention: (daysAfterEnd) => new MongoRetention(models, personalData, daysAfterEnd),
    operations: new MongoOperations(models),
    cipher,
  };
}
