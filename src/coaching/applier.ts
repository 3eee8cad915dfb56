/**
 * Applies committed effects. Each branch is idempotent under the effect id: created entities take ids decided in the
 * turn, changes are conditional on state and on their history entry id, notifications use the effect id as key.
 */
import type { Clock } from '../core/clock.js';
import type { PendingEffect } from '../core/dialog.js';
import type { EffectApplier } from '../core/engine.js';
import type { Effect } from './effects.js';
import { emptyPreparation, type Session } from './model.js';
import type { AgreementRepo, Lifecycle, Outbox, PeopleRepo, SessionRepo, TrajectoryRepo } from './ports.js';
import { otherId } from './queries.js';

export interface ApplierDeps {
  readonly people: PeopleRepo;
  readonly trajectories: TrajectoryRepo;
  readonly sessions: SessionRepo;
  readonly agreements: AgreementRepo;
  readonly outbox: Outbox;
  readonly lifecycle: Lifecycle;
  readonly clock: Clock;
}

export const sessionId = (trajectoryId: string, number: number): string => `${trajectoryId}#${number}`;

export class CoachingEffectApplier implements EffectApplier<Effect> {
  constructor(private readonly d: ApplierDeps) {}

  async apply(_personId: string, effects: readonly PendingEffect<Effect>[]): Promise<void> {
    for (const { id, effect } of effects) await this.applyOne(id, effect);
  }

  private async applyOne(id: string, effect: Effect): Promise<void> {
    const { d } = this;
    const now = d.clock.now();
    switch (effect.type) {
      case 'person.update':
        // Stored effects are JSON, where `undefined` vanishes: fields to remove travel in `clear`.
        await d.people.update(effect.personId, {
          ...effect.settings,
          ...Object.fromEntries((effect.clear ?? []).map((k) => [k, undefined])),
        });
        return;
      case 'trajectory.create': {
        const { firstSessionAt, ...t } = effect.trajectory;
        await d.trajectories.insert({ ...t, createdAt: now, revision: 0 });
        // The first session is created now (scheduled, so it shows on dashboards) and planned once accepted.
        await d.sessions.insert(newSession(t.id, 1, new Date(firstSessionAt), t.durationMinutes));
        const invitee = t.proposedBy === 'employee' ? t.coachId : t.employeeId;
        if (invitee && t.status === 'proposed') {
          await d.outbox.plan({
            key: `${id}:invite`,
            kind: 'trajectory.invite',
            recipientId: invitee,
            dueAt: now,
            payload: { trajectoryId: t.id },
            urgent: true,
          });
        }
        return;
      }
      case 'trajectory.respond': {
        const updated = await d.trajectories.transition(effect.trajectoryId, 'proposed', {
          status: effect.accept ? 'active' : 'declined',
        });
        const trajectory = updated ?? (await d.trajectories.get(effect.trajectoryId));
        if (!trajectory) return;
        if (effect.accept && trajectory.status === 'active')
          await d.lifecycle.emit({ type: 'session.scheduled', sessionId: sessionId(trajectory.id, 1) });
        const proposer = trajectory.proposedBy === 'employee' ? trajectory.employeeId : trajectory.coachId;
        if (proposer && updated) {
          await d.outbox.plan({
            key: `${id}:answer`,
            kind: effect.accept ? 'trajectory.accepted' : 'trajectory.declined',
            recipientId: proposer,
            dueAt: now,
            payload: { trajectoryId: trajectory.id, byId: effect.byId },
            urgent: true,
          });
        }
        return;
      }
      case 'trajectory.join': {
        const updated = await d.trajectories.transition(effect.trajectoryId, 'proposed', {
          status: 'active',
          coachId: effect.coachId,
          inviteCode: undefined,
        });
        if (!updated) return;
        await d.lifecycle.emit({ type: 'session.scheduled', sessionId: sessionId(updated.id, 1) });
        await d.outbox.plan({
          key: `${id}:joined`,
          kind: 'trajectory.accepted',
          recipientId: updated.employeeId,
          dueAt: now,
          payload: { trajectoryId: updated.id, byId: effect.coachId },
          urgent: true,
        });
        return;
      }
      case 'trajectory.end': {
        const ended = await d.trajectories.transition(effect.trajectoryId, 'active', { status: 'ended' });
        if (!ended) return;
        for (const session of await d.sessions.listForTrajectory(ended.id)) {
          await d.sessions.transition(session.id, ['scheduled', 'preparing', 'prepared'], 'cancelled');
        }
        await d.lifecycle.emit({ type: 'trajectory.ended', trajectoryId: ended.id });
        const other = otherId(ended, effect.byId);
        if (other)
          await d.outbox.plan({
            key: `${id}:ended`,
            kind: 'trajectory.ended',
            recipientId: other,
            dueAt: now,
            payload: { trajectoryId: ended.id, byId: effect.byId },
            urgent: true,
          });
        return;
      }
      case 'preparation.save': {
        // Only the employee's own (serialised) dialog writes a preparation, but other changes to the session
        // (a coach linking the next session) bump its revision: retry the compare-and-set on a fresh read.
        for (let attempt = 0; attempt < 10; attempt++) {
          const session = await d.sessions.get(effect.sessionId);
          if (!session || !['scheduled', 'preparing', 'prepared'].includes(session.status)) return;
          const status = effect.finished || session.status === 'prepared' ? 'prepared' : 'preparing';
          const preparation = {
            ...effect.preparation,
            updatedAt: now,
            ...(effect.finished ? { completedAt: session.preparation.completedAt ?? now } : {}),
          };
          const saved = await d.sessions.savePreparation(session.id, session.revision, preparation, status);
          if (saved) {
            if (effect.finished) await d.lifecycle.emit({ type: 'preparation.finished', sessionId: session.id });
            return;
          }
        }
        return;
      }
      case 'session.held': {
        const held = await d.sessions.transition(effect.sessionId, ['scheduled', 'preparing', 'prepared'], 'held', {
          heldAt: now,
        });
        if (!held) return;
        await d.lifecycle.emit({ type: 'session.held', sessionId: held.id });
        const other = await this.otherParty(held, effect.byId);
        if (other)
          await d.outbox.plan({
            key: `${id}:held`,
            kind: 'session.held',
            recipientId: other,
            dueAt: now,
            payload: { sessionId: held.id, byId: effect.byId },
            urgent: true,
          });
        return;
      }
      case 'session.reschedule': {
        const moved = await d.sessions.transition(
          effect.sessionId,
          ['scheduled', 'preparing', 'prepared'],
          'scheduled',
          { startsAt: new Date(effect.startsAt) },
        );
        if (!moved) return;
        // Keep the preparation: `transition` sets status back to scheduled only when nothing was prepared yet.
        await d.lifecycle.emit({ type: 'session.rescheduled', sessionId: moved.id });
        const other = await this.otherParty(moved, effect.byId);
        if (other)
          await d.outbox.plan({
            key: `${id}:moved`,
            kind: 'session.moved',
            recipientId: other,
            dueAt: now,
            payload: { sessionId: moved.id, byId: effect.byId },
            urgent: true,
          });
        return;
      }
      case 'session.cancel': {
        const cancelled = await d.sessions.transition(
          effect.sessionId,
          ['scheduled', 'preparing', 'prepared'],
          'cancelled',
        );
        if (!cancelled) return;
        await d.lifecycle.emit({ type: 'session.cancelled', sessionId: cancelled.id });
        const other = await this.otherParty(cancelled, effect.byId);
        if (other)
          await d.outbox.plan({
            key: `${id}:cancelled`,
            kind: 'session.cancelled',
            recipientId: other,
            dueAt: now,
            payload: { sessionId: cancelled.id, byId: effect.byId },
            urgent: true,
          });
        return;
      }
      case 'session.next': {
        const session = await d.sessions.get(effect.sessionId);
        if (!session || session.nextSessionId) return;
        const trajectory = await d.trajectories.get(session.trajectoryId);
        if (!trajectory) return;
        const next = newSession(
          trajectory.id,
          session.number + 1,
          new Date(effect.startsAt),
          trajectory.durationMinutes,
        );
        await d.sessions.insert(next);
        const linked = await d.sessions.transition(session.id, [session.status], session.status, {
          nextSessionId: next.id,
        });
        if (!linked) return;
        await d.lifecycle.emit({ type: 'next.planned', sessionId: session.id });
        await d.lifecycle.emit({ type: 'session.scheduled', sessionId: next.id });
        const other = await this.otherParty(session, effect.byId);
        if (other)
          await d.outbox.plan({
            key: `${id}:next`,
            kind: 'session.next',
            recipientId: other,
            dueAt: now,
            payload: { sessionId: next.id, byId: effect.byId },
            urgent: true,
          });
        return;
      }
      case 'evaluation.save': {
        const saved = await d.sessions.setEvaluation(effect.sessionId, effect.role, {
          rating: effect.rating,
          comment: effect.comment,
          at: now,
        });
        if (!saved) return;
        const both = saved.evaluations.employee && saved.evaluations.coach;
        if (both) {
          await d.sessions.transition(saved.id, ['held'], 'evaluated');
          const trajectory = await d.trajectories.get(saved.trajectoryId);
          if (!trajectory?.coachId) return;
          // Each sees the other's answer once both have answered, so neither answer is coloured by the other.
          for (const [recipientId, role] of [
            [trajectory.employeeId, 'employee'],
            [trajectory.coachId, 'coach'],
          ] as const) {
            await d.outbox.plan({
              key: `${saved.id}:evaluations:${role}`,
              kind: 'evaluation.shared',
              recipientId,
              dueAt: now,
              payload: { sessionId: saved.id },
              urgent: true,
            });
          }
        }
        return;
      }
      case 'agreement.create': {
        const a = effect.agreement;
        await d.agreements.insert({
          ...a,
          createdAt: now,
          revision: 0,
          history: [{ id, at: now, by: effect.byId, change: 'created', to: a.due }],
        });
        if (a.status === 'open') await d.lifecycle.emit({ type: 'agreement.created', agreementId: a.id });
        if (a.status === 'proposed') {
          const trajectory = await d.trajectories.get(a.trajectoryId);
          const owner = a.owner === 'employee' ? trajectory?.employeeId : trajectory?.coachId;
          if (owner)
            await d.outbox.plan({
              key: `${id}:proposal`,
              kind: 'agreement.proposed',
              recipientId: owner,
              dueAt: now,
              payload: { agreementId: a.id },
              urgent: true,
            });
        }
        return;
      }
      case 'agreement.change': {
        const entry = {
          id,
          at: now,
          by: effect.byId,
          change: effect.change,
          ...(effect.note ? { note: effect.note } : {}),
          ...(effect.set.due ? { to: effect.set.due } : {}),
        };
        const before = await d.agreements.get(effect.agreementId);
        const { remindAfter, ...set } = effect.set;
        const changes = remindAfter ? { ...set, remindAfter: new Date(remindAfter) } : set;
        const changed = await d.agreements.change(
          effect.agreementId,
          effect.from,
          changes,
          before?.due && effect.set.due ? { ...entry, from: before.due } : entry,
        );
        if (!changed) return;
        await d.lifecycle.emit(
          changed.status === 'open' && effect.change === 'accepted'
            ? { type: 'agreement.created', agreementId: changed.id }
            : { type: 'agreement.changed', agreementId: changed.id },
        );
        const trajectory = await d.trajectories.get(changed.trajectoryId);
        if (!trajectory?.coachId) return;
        const other = otherId(trajectory, effect.byId);
        if (other && (effect.change === 'done' || effect.change === 'accepted' || effect.change === 'declined')) {
          await d.outbox.plan({
            key: `${id}:tell`,
            kind: `agreement.${effect.change}`,
            recipientId: other,
            dueAt: now,
            payload: { agreementId: changed.id, byId: effect.byId },
            urgent: effect.change !== 'done',
          });
        }
        return;
      }
      case 'notify':
        await d.outbox.plan({
          key: id,
          kind: effect.kind,
          recipientId: effect.recipientId,
          dueAt: now,
          payload: { ...effect.payload },
          urgent: true,
        });
        return;
      default: {
        const never: never = effect;
        throw new Error(`unknown effect ${JSON.stringify(never)}`);
      }
    }
  }

  private async otherParty(session: Session, byId: string): Promise<string | undefined> {
    const t = await this.d.trajectories.get(session.trajectoryId);
    if (!t) return undefined;
    return otherId(t, byId);
  }
}

export function newSession(trajectoryId: string, number: number, startsAt: Date, durationMinutes: number): Session {
  return {
    id: sessionId(trajectoryId, number),
    trajectoryId,
    number,
    startsAt,
    durationMinutes,
    status: 'scheduled',
    preparation: emptyPreparation(),
    evaluations: {},
    revision: 0,
  };
}
