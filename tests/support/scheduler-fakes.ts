/**
 * Fakes for scheduler tests, through the ports (never module mocks): a Messenger that records what it sends and can
 * fail on demand, a Resumer that renders a line per item, and helpers to seed people, a trajectory and agreements.
 */
import type { App } from '../../src/app.js';
import type { Clock } from '../../src/core/clock.js';
import type { Channel } from '../../src/core/events.js';
import {
  DeliveryError,
  type DeliveryFailure,
  type Messenger,
  type MessengerTarget,
  type SendOptions,
  type SentMessage,
} from '../../src/core/messenger.js';
import type { ResumeEvent } from '../../src/core/events.js';
import type { Reply } from '../../src/core/reply.js';
import type { Agreement, Person, Session } from '../../src/coaching/model.js';
import { emptyPreparation } from '../../src/coaching/model.js';
import type { Deliverables } from '../../src/scheduler/ports.js';
import type { Models } from '../../src/store/schemas.js';
import type { DeliveryGuarantee } from '../../src/core/delivery-guarantee.js';
import { deliveryGuaranteeOf } from '../../src/coaching/notices/index.js';

export interface SentRecord {
  readonly target: MessengerTarget;
  readonly replies: readonly Reply[];
  readonly messageId: string;
  /** The clock's time at the send (when the messenger was given a clock). */
  readonly at?: Date;
  /** The outbox keys the dispatcher said this message delivers. */
  readonly keys?: readonly string[];
}

export class FakeMessenger implements Messenger {
  readonly sent: SentRecord[] = [];
  private readonly failures: DeliveryFailure[] = [];
  private static sent = 0;
  /** When set, every send waits for it (a dispatcher "stuck" after its claim). */
  gate: Promise<void> | undefined;
  /** When true, a send is recorded (it reached the platform) and then never returns: the sender "died" mid-call. */
  dieAfterSend = false;

  constructor(
    readonly channel: Channel = 'web',
    private readonly clock?: Clock,
  ) {}

  /** The next sends fail with these, in order. */
  failWith(...failures: DeliveryFailure[]): this {
    this.failures.push(...failures);
    return this;
  }

  async send(target: MessengerTarget, replies: readonly Reply[], options: SendOptions = {}): Promise<SentMessage> {
    if (this.gate) await this.gate;
    const failure = this.failures.shift();
    if (failure) throw new DeliveryError(failure);
    // Unique across fakes, as a platform's message ids are: two messengers never hand out the same id.
    const messageId = `${this.channel}-msg-${++FakeMessenger.sent}`;
    this.sent.push({
      target,
      replies,
      messageId,
      ...(this.clock ? { at: this.clock.now() } : {}),
      ...(options.keys ? { keys: options.keys } : {}),
    });
    if (this.dieAfterSend) await new Promise<never>(() => undefined);
    return { messageId };
  }

  /** The texts sent to one user, one array per message. */
  textsTo(userId: string): string[][] {
    return this.sent.filter((s) => s.target.userId === userId).map((s) => s.replies.map((r) => r.text));
  }
}

/** A messenger on a platform that can be asked whether a message with an outbox key was sent (as Slack can). */
export class CheckingMessenger extends FakeMessenger {
  readonly lookups: string[] = [];
  async findSent(target: MessengerTarget, key: string): Promise<SentMessage | null> {
    this.lookups.push(key);
    const hit = this.sent.find((s) => s.target.userId === target.userId && s.keys?.includes(key));
    return hit ? { messageId: hit.messageId } : null;
  }
}

/** Renders `kind payload-json` per item; `silent` kinds answer nothing (the domain's "nothing to say anymore"). */
export class FakeResumer implements Deliverables {
  readonly calls: { personId: string; event: ResumeEvent }[] = [];
  readonly silent = new Set<string>();
  failures = 0;
  gate: Promise<void> | undefined;

  async resume(personId: string, event: ResumeEvent): Promise<readonly Reply[]> {
    this.calls.push({ personId, event });
    if (this.gate) await this.gate;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('resume failed');
    }
    if (this.silent.has(event.kind)) return [];
    return [{ text: `${event.kind} ${JSON.stringify(event.payload)}` }];
  }

  /** Nothing follows a delivered item here (the app's planner does that when it is wired in). */
  async delivered(): Promise<void> {}

  /** The notice catalogue's own guarantees (reminders at most once). */
  guaranteeOf(kind: string): DeliveryGuarantee {
    return deliveryGuaranteeOf(kind);
  }
}

export interface PersonSpec {
  readonly userId: string;
  readonly timeZone?: string;
  readonly workingHours?: Person['workingHours'];
  readonly quietHours?: Person['quietHours'];
  readonly pausedUntil?: string;
  readonly channel?: Channel;
}

/** Creates (or finds) a person with a web identity and the given delivery settings. */
export async function seedPerson(app: App, spec: PersonSpec): Promise<Person> {
  const identity = { channel: spec.channel ?? ('web' as const), tenantId: 'local', userId: spec.userId };
  const created = await app.store.people.upsertByIdentity(
    identity,
    { displayName: spec.userId },
    {
      locale: 'en',
      timeZone: 'Europe/Amsterdam',
      workingHours: { start: '09:00', end: '17:30', days: [1, 2, 3, 4, 5] },
    },
  );
  const updated = await app.store.people.update(created.id, {
    ...(spec.timeZone ? { timeZone: spec.timeZone } : {}),
    ...(spec.workingHours ? { workingHours: spec.workingHours } : {}),
    ...(spec.quietHours ? { quietHours: spec.quietHours } : {}),
    ...(spec.pausedUntil ? { pausedUntil: spec.pausedUntil } : {}),
  });
  if (!updated) throw new Error('person vanished');
  return updated;
}

export async function seedTrajectory(app: App, id: string, employee: Person, coach: Person): Promise<void> {
  await app.store.trajectories.insert({
    id,
    employeeId: employee.id,
    coachId: coach.id,
    proposedBy: 'employee',
    goal: 'Grow as a presenter',
    cadenceDays: 14,
    durationMinutes: 60,
    status: 'active',
    createdAt: app.clock.now(),
    revision: 0,
  });
}

export async function seedSession(
  app: App,
  trajectoryId: string,
  number: number,
  startsAt: string,
  extra: Partial<Session> = {},
): Promise<Session> {
  const session: Session = {
    id: `${trajectoryId}#${number}`,
    trajectoryId,
    number,
    startsAt: new Date(startsAt),
    durationMinutes: 60,
    status: 'scheduled',
    preparation: emptyPreparation(),
    evaluations: {},
    revision: 0,
    ...extra,
  };
  await app.store.sessions.insert(session);
  return session;
}

export async function seedAgreement(
  app: App,
  id: string,
  trajectoryId: string,
  due: string,
  extra: Partial<Agreement> = {},
): Promise<Agreement> {
  const agreement: Agreement = {
    id,
    trajectoryId,
    owner: 'employee',
    what: 'Write the plan',
    due,
    status: 'open',
    proposedBy: 'employee',
    history: [],
    createdAt: app.clock.now(),
    revision: 0,
    ...extra,
  };
  await app.store.agreements.insert(agreement);
  return agreement;
}

/** A promise with its resolver, to hold a fake in mid-flight. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * Ann coaching Bo on `channel`, with one session and one agreement: what the fuzz tests throw bad input at. Returns
 * a snapshot of every coaching document, to show that the input changed nothing.
 */
export async function seedFuzzCoaching(
  app: App,
  models: Pick<Models, 'trajectory' | 'session' | 'agreement'>,
  channel: Channel,
): Promise<() => Promise<string>> {
  const ann = await seedPerson(app, { userId: 'ann', channel });
  const bo = await seedPerson(app, { userId: 'bo', channel });
  await seedTrajectory(app, 'tr-fuzz', ann, bo);
  await seedSession(app, 'tr-fuzz', 1, '2026-12-10T13:00:00Z');
  await seedAgreement(app, 'ag-fuzz', 'tr-fuzz', '2026-12-20');
  return async () =>
    JSON.stringify([
      await models.trajectory.find().sort({ _id: 1 }).lean(),
      await models.session.find().sort({ _id: 1 }).lean(),
      await models.agreement.find().sort({ _id: 1 }).lean(),
    ]);
}
