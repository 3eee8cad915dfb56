/**
 * The coaching domain and the engine on in-memory repositories: the same decider, applier and planner as the app,
 * no MongoDB. Scripted users talk to it exactly as they talk to the MongoDB harness (tests/support/scripted-client).
 */
import { createCoaching } from '../../../src/coaching/index.js';
import type { Effect } from '../../../src/coaching/effects.js';
import type { Person } from '../../../src/coaching/model.js';
import { FixedClock } from '../../../src/core/clock.js';
import { Engine } from '../../../src/core/engine.js';
import type { ProfileHints } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { Reply } from '../../../src/core/reply.js';
import { Planner, defaultPlannerSettings } from '../../../src/coaching/notices/index.js';
import { ScriptedUser } from '../scripted-client.js';
import { MemoryAgreementRepo, MemoryPeopleRepo, MemorySessionRepo, MemoryTrajectoryRepo } from './coaching.repos.js';
import { MemoryDialogRepo, MemoryOutbox } from './engine.repos.js';

export interface MemoryHarness {
  readonly clock: FixedClock;
  readonly people: MemoryPeopleRepo;
  readonly trajectories: MemoryTrajectoryRepo;
  readonly sessions: MemorySessionRepo;
  readonly agreements: MemoryAgreementRepo;
  readonly dialogs: MemoryDialogRepo<Effect>;
  readonly outbox: MemoryOutbox;
  readonly engine: Engine<Effect>;
  readonly dashboard: (personId: string) => Promise<Reply>;
  user(userId: string, profile?: ProfileHints): ScriptedUser;
  /** Delivers every outbox item due now to its scripted user, rendered by the engine at delivery time. */
  deliverDue(): Promise<number>;
  /** Moves the clock forward and delivers what fell due. */
  advance(ms: number): Promise<number>;
}

export function createMemoryHarness(options: { start?: string; locale?: 'en' | 'nl' } = {}): MemoryHarness {
  const clock = new FixedClock(options.start ?? '2026-12-01T08:00:00Z');
  const settings = {
    defaultLocale: options.locale ?? 'en',
    defaultTimeZone: 'Europe/Amsterdam',
    workStart: '09:00',
    workEnd: '17:30',
  } as const;
  const repos = {
    people: new MemoryPeopleRepo(),
    trajectories: new MemoryTrajectoryRepo(),
    sessions: new MemorySessionRepo(),
    agreements: new MemoryAgreementRepo(),
  };
  const outbox = new MemoryOutbox();
  const dialogs = new MemoryDialogRepo<Effect>();
  const planner = new Planner({ ...repos, outbox, clock, settings: defaultPlannerSettings });
  const coaching = createCoaching({ ...repos, outbox, lifecycle: planner, clock, settings, directories: {} });
  const defaults: Pick<Person, 'locale' | 'timeZone' | 'workingHours'> = {
    locale: settings.defaultLocale,
    timeZone: settings.defaultTimeZone,
    workingHours: { start: settings.workStart, end: settings.workEnd, days: [1, 2, 3, 4, 5] },
  };
  const engine = new Engine<Effect>({
    dialogs,
    decider: coaching.decider,
    applier: coaching.applier,
    clock,
    logger: silentLogger,
    identify: async (event) => (await repos.people.upsertByIdentity(event.from, event.profile ?? {}, defaults)).id,
  });
  const users = new Map<string, ScriptedUser>();
  const talkable = { engine, people: repos.people };
  const userOf = async (personId: string): Promise<{ user?: ScriptedUser }> => {
    for (const user of users.values()) {
      if ((await repos.people.findByIdentity(user.identity))?.id === personId) return { user };
    }
    return {};
  };
  const deliverDue = async (): Promise<number> => {
    let delivered = 0;
    for (const item of outbox.pending()) {
      if (item.dueAt.getTime() > clock.now().getTime()) continue;
      const resume = { type: 'resume', kind: item.kind, payload: item.payload, key: item.key } as const;
      (await userOf(item.recipientId)).user?.receive(await engine.resume(item.recipientId, resume));
      outbox.done(item.key);
      delivered++;
    }
    return delivered;
  };
  return {
    clock,
    ...repos,
    dialogs,
    outbox,
    engine,
    dashboard: coaching.dashboard,
    user(userId, profile) {
      const existing = users.get(userId);
      if (existing) return existing;
      const created = new ScriptedUser(talkable, userId, profile ?? { displayName: userId });
      users.set(userId, created);
      return created;
    },
    deliverDue,
    advance: async (ms) => {
      clock.advance(ms);
      return deliverDue();
    },
  };
}
