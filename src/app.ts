/**
 * Composition of everything that does not depend on a transport: store → repositories → coaching domain → engine,
 * plus the outbox and the planner. main.ts adds HTTP, channels and the scheduler's cron; tests use this directly.
 */
import type { Connection } from 'mongoose';
import type { Clock } from './core/clock.js';
import { Engine } from './core/engine.js';
import type { Channel, ChannelIdentity, InboundEvent, ProfileHints } from './core/events.js';
import type { Logger } from './core/logger.js';
import type { Reply } from './core/reply.js';
import { createCoaching } from './coaching/index.js';
import { effectSchema, type Effect } from './coaching/effects.js';
import type { CoachingSettings } from './coaching/flow.js';
import type { Directory } from './coaching/ports.js';
import type { Config } from './config.js';
import type { Router } from 'express';
import type { ChannelContext } from './channels/channel.js';
import type { Person } from './coaching/model.js';

export type PersonDefaults = Pick<Person, 'locale' | 'timeZone' | 'workingHours'>;
import { Uninstalls } from './store/uninstalls.js';
import { erasePerson } from './coaching/privacy/privacy.handlers.js';
import { MongoPeopleRepo } from './store/people.repo.js';
import { MongoAgreementRepo, MongoSessionRepo, MongoTrajectoryRepo } from './store/coaching.repo.js';
import { MongoDialogRepo } from './store/dialog.repo.js';
import { MongoInbox } from './store/inbox.repo.js';
import { createModels, ensureIndexes, type Models } from './store/schemas.js';
import { withCalendar } from './calendar/calendar.lifecycle.js';
import { withCalendarInvites, type Resumer } from './calendar/calendar.resumer.js';
import { MongoCalendarEvents } from './store/calendar.repo.js';
import { MongoOutbox } from './store/outbox.repo.js';
import { MongoDataKeyStore } from './store/data-key.repo.js';
import { FieldCipher } from './security/field-cipher.js';
import { SealedFields } from './store/sealed-fields.js';
import { MongoPersonalData } from './store/personal-data.js';
import { processKeyRing, type KeyWrapper } from './security/key-ring.js';
import { CheckedNotices, Planner, defaultPlannerSettings, type PlannerSettings } from './coaching/notices/index.js';

export interface AppOptions {
  readonly connection: Connection;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: CoachingSettings;
  readonly planner?: Partial<PlannerSettings>;
  /** The master key ring (runtime: from ENCRYPTION_KEY); tests may leave it out for a per-process key. */
  readonly keys?: KeyWrapper;
}

export interface App {
  readonly models: Models;
  /** Stopping messages and removing data when the app is removed (store/uninstalls.ts). */
  readonly uninstalls: Uninstalls;
  /** Removes one person as 'delete my data' does: the other person of each trajectory told, keys destroyed, documents gone. */
  readonly erasePerson: (personId: string) => Promise<void>;
  /** Seals and opens free text at rest (see src/security/field-cipher.ts). */
  readonly cipher: FieldCipher;
  /** A person's data rights: export and erasure (also used by the admin command). */
  readonly personalData: MongoPersonalData;
  readonly people: MongoPeopleRepo;
  readonly trajectories: MongoTrajectoryRepo;
  readonly sessions: MongoSessionRepo;
  readonly agreements: MongoAgreementRepo;
  readonly dialogs: MongoDialogRepo<Effect>;
  readonly outbox: MongoOutbox;
  /** Inbound platform events stored before they are acknowledged (see store/inbox.repo.ts). */
  readonly inbox: MongoInbox;
  readonly planner: Planner;
  readonly engine: Engine<Effect>;
  /**
   * What the scheduler resumes with: the engine for the notice catalogue (each payload checked against its kind's
   * schema first), plus calendar invitations (src/calendar).
   */
  readonly resumer: Resumer;
  /** Channels register their directory (mention / e-mail lookup) here once started. */
  readonly directories: Partial<Record<Channel, Directory>>;
  readonly dashboard: (personId: string) => Promise<Reply>;
  /** The dashboard of whoever is behind a channel identity; a first contact is created with their profile. */
  readonly dashboardFor: (identity: ChannelIdentity, profile?: ProfileHints) => Promise<Reply>;
  /** Language, zone and working hours a new person starts with (from the configuration). */
  readonly personDefaults: PersonDefaults;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: CoachingSettings;
}

export async function createApp(options: AppOptions): Promise<App> {
  const { connection, clock, logger, settings } = options;
  const models = createModels(connection);
  await ensureIndexes(models);
  const dataKeys = new MongoDataKeyStore(connection);
  await dataKeys.init();
  const cipher = new FieldCipher(options.keys ?? processKeyRing(), dataKeys);
  await cipher.verify();
  const sealed = new SealedFields(cipher);
  const people = new MongoPeopleRepo(models);
  const trajectories = new MongoTrajectoryRepo(models, sealed);
  const sessions = new MongoSessionRepo(models, sealed);
  const agreements = new MongoAgreementRepo(models, sealed);
  const dialogs = new MongoDialogRepo<Effect>(models, effectSchema, cipher);
  const outbox = new MongoOutbox(models, () => clock.now());
  const calendarEvents = new MongoCalendarEvents(connection);
  const uninstalls = new Uninstalls(models);
  const planner = new Planner({
    people,
    trajectories,
    sessions,
    agreements,
    outbox,
    clock,
    settings: { ...defaultPlannerSettings, ...options.planner },
  });
  const directories: Partial<Record<Channel, Directory>> = {};
  const personalData = new MongoPersonalData({
    connection,
    models,
    cipher,
    people,
    trajectories,
    sessions,
    agreements,
  });
  const coaching = createCoaching({
    people,
    trajectories,
    sessions,
    agreements,
    outbox,
    lifecycle: withCalendar(planner, { sessions, trajectories, outbox, events: calendarEvents, clock }),
    clock,
    settings,
    directories,
    personalData,
  });
  const defaults: PersonDefaults = {
    locale: settings.defaultLocale,
    timeZone: settings.defaultTimeZone,
    workingHours: { start: settings.workStart, end: settings.workEnd, days: [1, 2, 3, 4, 5] },
  };
  const identify = async (event: InboundEvent): Promise<string> =>
    (await people.upsertByIdentity(event.from, event.profile ?? {}, defaults)).id;
  const engine = new Engine<Effect>({
    dialogs,
    decider: coaching.decider,
    applier: coaching.applier,
    clock,
    logger,
    identify,
  });
  const erase = async (personId: string): Promise<void> => {
    const now = clock.now();
    const repos = { people, trajectories, sessions, agreements, outbox, lifecycle: planner, clock, personalData };
    await erasePerson({ type: 'person.erase', personId }, { id: `erase:${personId}:${now.getTime()}`, now, repos });
  };
  const dashboardFor = async (identity: ChannelIdentity, profile: ProfileHints = {}): Promise<Reply> => {
    const person = await people.upsertByIdentity(identity, profile, defaults);
    return coaching.dashboard(person.id);
  };
  return {
    models,
    uninstalls,
    erasePerson: erase,
    cipher,
    personalData,
    people,
    trajectories,
    sessions,
    agreements,
    dialogs,
    outbox,
    inbox: new MongoInbox(models),
    planner,
    engine,
    resumer: withCalendarInvites(new CheckedNotices({ renderer: engine, logger }), {
      people,
      sessions,
      trajectories,
      events: calendarEvents,
      now: () => clock.now(),
    }),
    directories,
    dashboard: coaching.dashboard,
    dashboardFor,
    personDefaults: defaults,
    clock,
    logger,
    settings,
  };
}

/** The coaching settings a configuration asks for (language, zone and working hours of new people). */
export function coachingSettings(config: Readonly<Config>): CoachingSettings {
  return {
    defaultLocale: config.DEFAULT_LOCALE,
    defaultTimeZone: config.DEFAULT_TIME_ZONE,
    workStart: config.DEFAULT_WORK_START,
    workEnd: config.DEFAULT_WORK_END,
  };
}

/** What a channel adapter gets from the app: the engine, the dashboard, people, and the shared router. */
export function channelContext(
  app: App,
  config: Readonly<Config>,
  router: Router,
  logger: Logger = app.logger,
): ChannelContext {
  return {
    config,
    router,
    engine: app.engine,
    inbox: app.inbox,
    dashboard: app.dashboardFor,
    personDefaults: app.personDefaults,
    people: app.people,
    models: app.models,
    clock: app.clock,
    logger,
    removals: app.uninstalls,
    sealer: app.cipher,
  };
}
