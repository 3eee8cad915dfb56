/**
 * The planner: turns lifecycle changes into outbox items (what to send when) and cancels what no longer applies.
 * The rules themselves are pure functions in plan-rules.ts; this class loads what they need and talks to the outbox.
 *
 * Pitfall: cancelling removes pending items, planning re-inserts them under the same key when nothing changed, and
 * the outbox refuses a key that was already delivered. So "cancel everything, then plan again" is always safe, and
 * a reschedule (new date in the key) plans fresh items.
 */
import type { Clock } from '../core/clock.js';
import type { Agreement, Person, Session, Trajectory } from '../coaching/model.js';
import type {
  AgreementRepo,
  Lifecycle,
  LifecycleEvent,
  Outbox,
  PeopleRepo,
  PlannedItem,
  SessionRepo,
  TrajectoryRepo,
} from '../coaching/ports.js';
import {
  afterSessionItems,
  agreementPrefix,
  deliveredStep,
  digestItems,
  nextAgreementItems,
  prepItems,
  sessionPrefix,
  type PlannerSettings,
  type Recipient,
} from './plan-rules.js';

export { defaultPlannerSettings, type PlannerSettings } from './plan-rules.js';

export interface PlannerDeps {
  readonly people: PeopleRepo;
  readonly trajectories: TrajectoryRepo;
  readonly sessions: SessionRepo;
  readonly agreements: AgreementRepo;
  readonly outbox: Outbox;
  readonly clock: Clock;
  readonly settings: PlannerSettings;
}

/** What the dispatcher tells the planner after an item left the outbox (sent, or skipped as nothing to say). */
export interface DeliveredItem {
  readonly kind: string;
  readonly recipientId: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

const recipient = (p: Person | null): Recipient | null =>
  p
    ? {
        id: p.id,
        timeZone: p.timeZone,
        workingHours: p.workingHours,
        quietHours: p.quietHours,
        pausedUntil: p.pausedUntil,
      }
    : null;

export class Planner implements Lifecycle {
  constructor(private readonly deps: PlannerDeps) {}

  get settings(): PlannerSettings {
    return this.deps.settings;
  }

  async emit(event: LifecycleEvent): Promise<void> {
    const { outbox } = this.deps;
    switch (event.type) {
      case 'session.scheduled':
        await this.planSession(event.sessionId, { prep: true, digest: false });
        return;
      case 'session.rescheduled':
        await outbox.cancelByPrefix(sessionPrefix(event.sessionId));
        await this.planSession(event.sessionId, { prep: true, digest: true });
        return;
      case 'session.cancelled':
        await outbox.cancelByPrefix(sessionPrefix(event.sessionId));
        return;
      case 'preparation.finished':
        await outbox.cancelByPrefix(sessionPrefix(event.sessionId, 'prep'));
        await this.planDigest(event.sessionId);
        return;
      case 'session.held':
        await outbox.cancelByPrefix(sessionPrefix(event.sessionId, 'prep'));
        await outbox.cancelByPrefix(sessionPrefix(event.sessionId, 'final'));
        await this.planSession(event.sessionId, { prep: false, digest: false });
        return;
      case 'next.planned':
        await outbox.cancelByPrefix(sessionPrefix(event.sessionId, 'next'));
        return;
      case 'agreement.created':
      case 'agreement.changed':
        await outbox.cancelByPrefix(agreementPrefix(event.agreementId));
        await this.planAgreement(event.agreementId);
        return;
      case 'trajectory.ended': {
        for (const session of await this.deps.sessions.listForTrajectory(event.trajectoryId))
          await outbox.cancelByPrefix(sessionPrefix(session.id));
        for (const agreement of await this.deps.agreements.listForTrajectory(event.trajectoryId))
          await outbox.cancelByPrefix(agreementPrefix(agreement.id));
        return;
      }
      default: {
        const never: never = event;
        throw new Error(`unknown lifecycle event ${JSON.stringify(never)}`);
      }
    }
  }

  /** Called by the dispatcher once an item left the outbox: an agreement nudge plans the one after it. */
  async delivered(item: DeliveredItem): Promise<void> {
    const step = deliveredStep(item.kind, item.payload);
    const agreementId = item.payload.agreementId;
    if (!step || typeof agreementId !== 'string') return;
    const agreement = await this.deps.agreements.get(agreementId);
    // A nudge for an older due date (rescheduled meanwhile) plans nothing: the new date has its own sequence.
    if (!agreement || agreement.due !== item.payload.due) return;
    await this.planAgreement(agreement, step);
  }

  private async parties(
    trajectoryId: string,
  ): Promise<{ trajectory: Trajectory; employee: Recipient | null; coach: Recipient | null } | null> {
    const trajectory = await this.deps.trajectories.get(trajectoryId);
    if (!trajectory) return null;
    const [employee, coach] = await Promise.all([
      this.deps.people.get(trajectory.employeeId),
      trajectory.coachId ? this.deps.people.get(trajectory.coachId) : Promise.resolve(null),
    ]);
    return { trajectory, employee: recipient(employee), coach: recipient(coach) };
  }

  private async planAll(items: readonly PlannedItem[]): Promise<void> {
    for (const item of items) await this.deps.outbox.plan(item);
  }

  private async loadSession(
    sessionId: string,
  ): Promise<{ session: Session; employee: Recipient | null; coach: Recipient | null } | null> {
    const session = await this.deps.sessions.get(sessionId);
    if (!session || session.status === 'cancelled') return null;
    const parties = await this.parties(session.trajectoryId);
    return parties ? { session, employee: parties.employee, coach: parties.coach } : null;
  }

  private async planSession(sessionId: string, what: { prep: boolean; digest: boolean }): Promise<void> {
    const loaded = await this.loadSession(sessionId);
    if (!loaded) return;
    const { session, employee, coach } = loaded;
    const now = this.deps.clock.now();
    const s = this.deps.settings;
    await this.planAll([
      ...(what.prep ? prepItems(session, employee, s, now) : []),
      ...(what.digest && session.status === 'prepared' ? digestItems(session, coach, s, now, false) : []),
      ...afterSessionItems(session, { employee, coach }, s, now),
    ]);
  }

  private async planDigest(sessionId: string): Promise<void> {
    const loaded = await this.loadSession(sessionId);
    if (!loaded) return;
    await this.planAll(digestItems(loaded.session, loaded.coach, this.deps.settings, this.deps.clock.now(), true));
  }

  private async planAgreement(
    agreementOrId: Agreement | string,
    after?: Parameters<typeof nextAgreementItems>[4],
  ): Promise<void> {
    const agreement = typeof agreementOrId === 'string' ? await this.deps.agreements.get(agreementOrId) : agreementOrId;
    if (!agreement || agreement.status !== 'open') return;
    const parties = await this.parties(agreement.trajectoryId);
    if (!parties) return;
    const owner = agreement.owner === 'employee' ? parties.employee : parties.coach;
    const other = agreement.owner === 'employee' ? parties.coach : parties.employee;
    if (!owner) return;
    await this.planAll(
      nextAgreementItems(
        agreement,
        { owner, other, ownerRole: agreement.owner },
        this.deps.settings,
        this.deps.clock.now(),
        after,
      ),
    );
  }
}
