/**
 * Composition of everything that does not depend on a transport: store → coaching domain → engine, plus the planner.
 * runtime.ts adds HTTP, channels and the scheduler's cron; tests use this directly.
 */
import type { Router } from 'express';
import type { Connection } from 'mongoose';
import type { ChannelContext } from './channels/channel.js';
import type { Config } from './config.js';
import type { Clock } from './core/clock.js';
import { Engine } from './core/engine.js';
import { TurnsFirst } from './core/turns-first.js';
import type { Channel, ChannelIdentity, ProfileHints } from './core/events.js';
import type { Logger } from './core/logger.js';
import type { Reply } from './core/reply.js';
import { createCoaching } from './coaching/index.js';
import { effectSchema, type Effect } from './coaching/effects.js';
import type { CoachingSettings } from './coaching/flow.js';
import { findOrCreatePerson, personDefaults } from './coaching/people.js';
import type { Person, PersonDefaults } from './coaching/model.js';
import { erasePerson } from './coaching/privacy/privacy.handlers.js';
import type { Directory, FindOrCreatePerson } from './coaching/ports.js';
import type { FieldCipher } from './security/field-cipher.js';
import { processKeyRing, type KeyWrapper } from './security/key-ring.js';
import { withCalendar } from './calendar/calendar.lifecycle.js';
import { withCalendarInvites, type Resumer } from './calendar/calendar.resumer.js';
import { CheckedNotices, Planner, defaultPlannerSettings, type PlannerSettings } from './coaching/notices/index.js';
import { createStore, type Store } from './store/index.js';
import { classifyStoreError } from './store/mongo.errors.js';

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
  /** Every repository; the scheduler and tests read them directly. */
  readonly store: Store<Effect>;
  /** Seals and opens free text at rest (see src/security/field-cipher.ts). */
  readonly cipher: FieldCipher;
  /** Removes one person as 'delete my data' does: the other person of each trajectory told, keys destroyed, documents gone. */
  readonly erasePerson: (personId: string) => Promise<void>;
  /** Stopping messages and removing data when the app is removed (store/uninstalls.ts). */
  readonly uninstalls: Store['uninstalls'];
  /** A person's data rights: export and erasure (also used by the admin command). */
  readonly personalData: Store['personalData'];
  readonly planner: Planner;
  readonly engine: Engine<Effect, Person>;
  /** Inbound turns in flight: the dispatcher lets them go first (src/core/turns-first.ts). */
  readonly turnsFirst: TurnsFirst;
  /**
   * What the scheduler resumes with: the engine for the notice catalogue (each payload checked against its kind's
   * schema first), plus calendar invitations (src/calendar).
   */
  readonly resumer: Resumer;
  /** Channels register their directory (mention / e-mail lookup) here once started. */
  readonly directories: Partial<Record<Channel, Directory>>;
  /** A person's dashboard: next session, preparation, open agreements, coachees. */
  readonly dashboard: (personId: string) => Promise<Reply>;
  /** The dashboard of whoever is behind a channel identity; a first contact is created with their profile. */
  readonly dashboardFor: (identity: ChannelIdentity, profile?: ProfileHints) => Promise<Reply>;
  /** The one find-or-create of a person, with the configured defaults. */
  readonly findOrCreatePerson: FindOrCreatePerson;
  readonly clock: Clock;
  readonly logger: Logger;
}

export async function createApp(options: AppOptions): Promise<App> {
  const { connection, clock, logger, settings } = options;
  const store = await createStore({ connection, clock, effectSchema, keys: options.keys ?? processKeyRing() });
  const { people, trajectories, sessions, agreements, outbox, calendarEvents } = store;
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
    personalData: store.personalData,
  });
  const findOrCreate = findOrCreatePerson(store.people, settings);
  const turnsFirst = new TurnsFirst();
  const engine = createEngine(store, coaching, personDefaults(settings), { clock, logger, turnsFirst });
  const invites = { people, sessions, trajectories, events: calendarEvents, now: () => clock.now() };
  const erase = async (personId: string): Promise<void> => {
    const now = clock.now();
    const repos = { ...{ people, trajectories, sessions, agreements, outbox }, lifecycle: planner, clock };
    const deps = { ...repos, personalData: store.personalData };
    await erasePerson(
      { type: 'person.erase', personId },
      { id: `erase:${personId}:${now.getTime()}`, now, repos: deps },
    );
  };
  return {
    store,
    erasePerson: erase,
    uninstalls: store.uninstalls,
    cipher: store.cipher,
    personalData: store.personalData,
    planner,
    engine,
    turnsFirst,
    resumer: new CheckedNotices({ renderer: withCalendarInvites(engine, invites), logger }),
    directories,
    dashboard: coaching.dashboard,
    dashboardFor: async (identity, profile) => coaching.dashboard((await findOrCreate(identity, profile)).id),
    findOrCreatePerson: findOrCreate,
    clock,
    logger,
  };
}

type Coaching = ReturnType<typeof createCoaching>;

function createEngine(
  store: Pick<Store<Effect>, 'dialogs' | 'arrivals'>,
  coaching: Pick<Coaching, 'decider' | 'applier'>,
  defaults: PersonDefaults,
  { clock, logger, turnsFirst }: { clock: Clock; logger: Logger; turnsFirst: TurnsFirst },
): Engine<Effect, Person> {
  return new Engine<Effect, Person>({
    dialogs: store.dialogs,
    decider: coaching.decider,
    applier: coaching.applier,
    clock,
    logger,
    turnsFirst,
    // The person (found or created, as findOrCreatePerson does) and their dialog state, read in one round trip.
    identify: async (event) => {
      const { person, state } = await store.arrivals.arrive(event.from, event.profile ?? {}, defaults);
      return { personId: person.id, state, subject: person };
    },
    classifyError: classifyStoreError,
  });
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

/** What a channel adapter gets from the app: the engine, the dashboard, a narrow view of people, its own stores. */
export function channelContext(
  app: App,
  config: Readonly<Config>,
  router: Router,
  logger: Logger = app.logger,
): ChannelContext {
  const { people, webMessages, slackForms, slackInstallations, teamsFiles } = app.store;
  return {
    config,
    router,
    engine: app.engine,
    inbox: app.store.inbox,
    dashboard: app.dashboardFor,
    people: {
      findByIdentity: (identity) => people.findByIdentity(identity),
      findByEmail: (email) => people.findByEmail(email),
      update: (id, settings) => people.update(id, settings),
      setAddress: (identity, address) => people.setAddress(identity, address),
      findOrCreate: app.findOrCreatePerson,
    },
    stores: { webMessages, slackForms, slackInstallations, teamsFiles },
    clock: app.clock,
    logger,
    removals: app.store.uninstalls,
  };
}
