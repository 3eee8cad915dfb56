/**
 * The planner: turns lifecycle changes into notices in the outbox (what to send when) and cancels what no longer
 * applies. The rules are pure functions next to each notice family; this class loads what they need and talks to the
 * outbox.
 *
 * Pitfall: cancelling removes pending items, planning re-inserts them under the same key when nothing changed, and
 * the outbox refuses a key that was already delivered. So "cancel everything, then plan again" is always safe, and
 * a reschedule (new date in the key) plans fresh items.
 */
import type { Clock } from '../../core/clock.js';
import type { Agreement, Person, Session } from '../model.js';
import type { AgreementRepo, Lifecycle, LifecycleEvent, PeopleRepo, SessionRepo, TrajectoryRepo } from '../ports.js';
import { afterSessionItems, type SessionParties } from './after-session.notices.js';
import { deliveredStep, parseAgreementNudge, type AgreementStep } from './agreement-nudge.notices.js';
import { nextAgreementItems } from './agreement-nudge.rules.js';
import type { PlannedNotice } from './catalogue.js';
import { digestItems } from './digest.notices.js';
import { agreementPrefix, sessionPrefix, type Recipient } from './notice.js';
import type { NoticeOutbox } from './outbox.js';
import { prepItems } from './prep.notices.js';
import type { PlannerSettings } from './settings.js';

export interface PlannerDeps {
  readonly people: PeopleRepo;
  readonly trajectories: TrajectoryRepo;
  readonly sessions: SessionRepo;
  readonly agreements: AgreementRepo;
  readonly outbox: NoticeOutbox;
  readonly clock: Clock;
  readonly settings: PlannerSettings;
}

/** What the scheduler tells the planner after an item left the outbox (sent, or skipped as nothing to say). */
export interface DeliveredNotice {
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

const recipient = (person: Person | null): Recipient | null =>
  person
    ? {
        id: person.id,
        timeZone: person.timeZone,
        workingHours: person.workingHours,
        quietHours: person.quietHours,
        pausedUntil: person.pausedUntil,
      }
    : null;

interface LoadedSession extends SessionParties {
  readonly session: Session;
}

export class Planner implements Lifecycle {
  constructor(private readonly deps: PlannerDeps) {}

  get settings(): PlannerSettings {
    return this.deps.settings;
  }

  async emit(event: LifecycleEvent): Promise<void> {
    const { outbox } = this.deps;
    switch (event.type) {
      case 'session.scheduled':
        return this.planSession(event.sessionId, { prep: true, digest: false });
      case 'session.rescheduled':
        await outbox.cancelByPrefix(sessionPrefix(event.sessionId));
        return this.planSession(event.sessionId, { prep: true, digest: true });
      case 'session.cancelled':
        await outbox.cancelByPrefix(sessionPrefix(event.sessionId));
        return;
      case 'preparation.finished':
        await outbox.cancelByPrefix(sessionPrefix(event.sessionId, 'prep'));
        return this.planDigest(event.sessionId);
      case 'session.held':
        await outbox.cancelByPrefix(sessionPrefix(event.sessionId, 'prep'));
        await outbox.cancelByPrefix(sessionPrefix(event.sessionId, 'final'));
        return this.planSession(event.sessionId, { prep: false, digest: false });
      case 'next.planned':
        await outbox.cancelByPrefix(sessionPrefix(event.sessionId, 'next'));
        return;
      case 'agreement.created':
      case 'agreement.changed':
        await outbox.cancelByPrefix(agreementPrefix(event.agreementId));
        return this.planAgreement(await this.deps.agreements.get(event.agreementId));
      case 'trajectory.ended':
        return this.cancelTrajectory(event.trajectoryId);
      default: {
        const never: never = event;
        throw new Error(`unknown lifecycle event ${JSON.stringify(never)}`);
      }
    }
  }

  /** Called once an item left the outbox: an agreement nudge plans the one after it. */
  async delivered(item: DeliveredNotice): Promise<void> {
    const nudge = parseAgreementNudge(item.kind, item.payload);
    const step = nudge ? deliveredStep(nudge) : undefined;
    if (!nudge || !step) return;
    const agreement = await this.deps.agreements.get(nudge.payload.agreementId);
    // A nudge for an older due date (rescheduled meanwhile) plans nothing: the new date has its own sequence.
    if (!agreement || agreement.due !== nudge.payload.due) return;
    await this.planAgreement(agreement, step);
  }

  /**
   * The same for a delivery wave at once: one read each of the agreements, their trajectories and their people, and
   * one write of every next nudge, whatever the wave's size.
   */
  async deliveredMany(items: readonly DeliveredNotice[]): Promise<void> {
    const nudges = items.flatMap((item) => {
      const nudge = parseAgreementNudge(item.kind, item.payload);
      const step = nudge ? deliveredStep(nudge) : undefined;
      return nudge && step ? [{ nudge, step }] : [];
    });
    if (nudges.length === 0) return;
    const agreements = new Map(
      (await this.deps.agreements.getMany(nudges.map((n) => n.nudge.payload.agreementId))).map((a) => [a.id, a]),
    );
    // A nudge for an older due date (rescheduled meanwhile) plans nothing: the new date has its own sequence.
    const live = nudges.flatMap(({ nudge, step }) => {
      const agreement = agreements.get(nudge.payload.agreementId);
      return agreement && agreement.status === 'open' && agreement.due === nudge.payload.due
        ? [{ agreement, step }]
        : [];
    });
    const parties = await this.partiesOf(live.map((l) => l.agreement.trajectoryId));
    const now = this.deps.clock.now();
    const planned = live.flatMap(({ agreement, step }) => {
      const p = parties.get(agreement.trajectoryId);
      const owner = agreement.owner === 'employee' ? p?.employee : p?.coach;
      const other = (agreement.owner === 'employee' ? p?.coach : p?.employee) ?? null;
      if (!owner) return [];
      return nextAgreementItems(agreement, { owner, other, ownerRole: agreement.owner }, this.deps.settings, now, step);
    });
    await this.deps.outbox.planMany(planned);
  }

  /** Employee and coach of each trajectory, in two reads. */
  private async partiesOf(trajectoryIds: readonly string[]): Promise<Map<string, SessionParties>> {
    if (trajectoryIds.length === 0) return new Map();
    const trajectories = await this.deps.trajectories.getMany([...new Set(trajectoryIds)]);
    const ids = trajectories.flatMap((t) => (t.coachId ? [t.employeeId, t.coachId] : [t.employeeId]));
    const people = new Map((await this.deps.people.getMany([...new Set(ids)])).map((p) => [p.id, p]));
    const of = (id: string | undefined): Recipient | null => recipient(id ? (people.get(id) ?? null) : null);
    return new Map(trajectories.map((t) => [t.id, { employee: of(t.employeeId), coach: of(t.coachId) }]));
  }

  private async cancelTrajectory(trajectoryId: string): Promise<void> {
    const { outbox } = this.deps;
    for (const session of await this.deps.sessions.listForTrajectory(trajectoryId))
      await outbox.cancelByPrefix(sessionPrefix(session.id));
    for (const agreement of await this.deps.agreements.listForTrajectory(trajectoryId))
      await outbox.cancelByPrefix(agreementPrefix(agreement.id));
  }

  private async parties(trajectoryId: string): Promise<SessionParties | null> {
    const trajectory = await this.deps.trajectories.get(trajectoryId);
    if (!trajectory) return null;
    const [employee, coach] = await Promise.all([
      this.deps.people.get(trajectory.employeeId),
      trajectory.coachId ? this.deps.people.get(trajectory.coachId) : Promise.resolve(null),
    ]);
    return { employee: recipient(employee), coach: recipient(coach) };
  }

  private async planAll(items: readonly PlannedNotice[]): Promise<void> {
    for (const item of items) await this.deps.outbox.plan(item);
  }

  private async loadSession(sessionId: string): Promise<LoadedSession | null> {
    const session = await this.deps.sessions.get(sessionId);
    if (!session || session.status === 'cancelled') return null;
    const parties = await this.parties(session.trajectoryId);
    return parties ? { session, ...parties } : null;
  }

  private async planSession(sessionId: string, what: { prep: boolean; digest: boolean }): Promise<void> {
    const loaded = await this.loadSession(sessionId);
    if (!loaded) return;
    const { session, employee, coach } = loaded;
    const now = this.deps.clock.now();
    const { settings } = this.deps;
    await this.planAll([
      ...(what.prep ? prepItems(session, employee, settings, now) : []),
      ...(what.digest && session.status === 'prepared' ? digestItems(session, coach, settings, now, false) : []),
      ...afterSessionItems(session, { employee, coach }, settings, now),
    ]);
  }

  private async planDigest(sessionId: string): Promise<void> {
    const loaded = await this.loadSession(sessionId);
    if (!loaded) return;
    await this.planAll(digestItems(loaded.session, loaded.coach, this.deps.settings, this.deps.clock.now(), true));
  }

  private async planAgreement(agreement: Agreement | null, after?: AgreementStep): Promise<void> {
    if (!agreement || agreement.status !== 'open') return;
    const parties = await this.parties(agreement.trajectoryId);
    if (!parties) return;
    const owner = agreement.owner === 'employee' ? parties.employee : parties.coach;
    const other = agreement.owner === 'employee' ? parties.coach : parties.employee;
    if (!owner) return;
    const nudged = { owner, other, ownerRole: agreement.owner };
    await this.planAll(nextAgreementItems(agreement, nudged, this.deps.settings, this.deps.clock.now(), after));
  }
}
