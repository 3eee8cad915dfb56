/** Effects on a session: preparation, held, moved, called off, the next one, the evaluation. */
import type { SessionStatus } from '../model.js';
import { otherInTrajectory, tell, type Applying, type EffectOf } from './handler.js';
import { newSession } from './trajectory.handlers.js';

const UPCOMING: readonly SessionStatus[] = ['scheduled', 'preparing', 'prepared'];

export async function savePreparation(effect: EffectOf<'preparation.save'>, at: Applying): Promise<void> {
  const { sessions, lifecycle } = at.repos;
  // Only the employee's own (serialised) dialog writes a preparation, but other changes to the session
  // (a coach linking the next session) bump its revision: retry the compare-and-set on a fresh read.
  for (let attempt = 0; attempt < 10; attempt++) {
    const session = await sessions.get(effect.sessionId);
    if (!session || !UPCOMING.includes(session.status)) return;
    const status = effect.finished || session.status === 'prepared' ? 'prepared' : 'preparing';
    const preparation = {
      ...effect.preparation,
      updatedAt: at.now,
      ...(effect.finished ? { completedAt: session.preparation.completedAt ?? at.now } : {}),
    };
    const saved = await sessions.savePreparation(session.id, session.revision, preparation, status);
    if (saved) {
      if (effect.finished) await lifecycle.emit({ type: 'preparation.finished', sessionId: session.id });
      return;
    }
  }
}

export async function markHeld(effect: EffectOf<'session.held'>, at: Applying): Promise<void> {
  const held = await at.repos.sessions.transition(effect.sessionId, UPCOMING, 'held', { heldAt: at.now });
  if (!held) return;
  await at.repos.lifecycle.emit({ type: 'session.held', sessionId: held.id });
  await tell(at, await otherInTrajectory(at, held.trajectoryId, effect.byId), {
    key: 'held',
    kind: 'session.held',
    payload: { sessionId: held.id, byId: effect.byId },
  });
}

export async function reschedule(effect: EffectOf<'session.reschedule'>, at: Applying): Promise<void> {
  // Keep the preparation: `transition` sets status back to scheduled only when nothing was prepared yet.
  const moved = await at.repos.sessions.transition(effect.sessionId, UPCOMING, 'scheduled', {
    startsAt: new Date(effect.startsAt),
  });
  if (!moved) return;
  await at.repos.lifecycle.emit({ type: 'session.rescheduled', sessionId: moved.id });
  await tell(at, await otherInTrajectory(at, moved.trajectoryId, effect.byId), {
    key: 'moved',
    kind: 'session.moved',
    payload: { sessionId: moved.id, byId: effect.byId },
  });
}

export async function cancelSession(effect: EffectOf<'session.cancel'>, at: Applying): Promise<void> {
  const cancelled = await at.repos.sessions.transition(effect.sessionId, UPCOMING, 'cancelled');
  if (!cancelled) return;
  await at.repos.lifecycle.emit({ type: 'session.cancelled', sessionId: cancelled.id });
  await tell(at, await otherInTrajectory(at, cancelled.trajectoryId, effect.byId), {
    key: 'cancelled',
    kind: 'session.cancelled',
    payload: { sessionId: cancelled.id, byId: effect.byId },
  });
}

/** A note on the conversation, by one of its two people, kept once under the effect's id. */
export async function noteSession(effect: EffectOf<'session.note'>, at: Applying): Promise<void> {
  const session = await at.repos.sessions.get(effect.sessionId);
  const trajectory = session ? await at.repos.trajectories.get(session.trajectoryId) : null;
  if (!session || !trajectory) return;
  const role = trajectory.employeeId === effect.byId ? 'employee' : trajectory.coachId === effect.byId ? 'coach' : null;
  if (!role) return;
  await at.repos.sessions.addNote(session.id, { id: at.id, at: at.now, byId: effect.byId, role, text: effect.text });
}

export async function planNext(effect: EffectOf<'session.next'>, at: Applying): Promise<void> {
  const { sessions, trajectories, lifecycle } = at.repos;
  const session = await sessions.get(effect.sessionId);
  if (!session || session.nextSessionId) return;
  const trajectory = await trajectories.get(session.trajectoryId);
  if (!trajectory) return;
  const next = newSession(trajectory.id, session.number + 1, new Date(effect.startsAt), trajectory.durationMinutes);
  await sessions.insert(next);
  const linked = await sessions.transition(session.id, [session.status], session.status, { nextSessionId: next.id });
  if (!linked) return;
  await lifecycle.emit({ type: 'next.planned', sessionId: session.id });
  await lifecycle.emit({ type: 'session.scheduled', sessionId: next.id });
  await tell(at, await otherInTrajectory(at, session.trajectoryId, effect.byId), {
    key: 'next',
    kind: 'session.next',
    payload: { sessionId: next.id, byId: effect.byId },
  });
}

/** A skipped evaluation is remembered, so it stays skipped (the wrap-up is not offered or started again). */
export async function skipEvaluation(effect: EffectOf<'evaluation.skip'>, at: Applying): Promise<void> {
  await at.repos.sessions.skipEvaluation(effect.sessionId, effect.role, at.now);
}

export async function saveEvaluation(effect: EffectOf<'evaluation.save'>, at: Applying): Promise<void> {
  const { sessions, trajectories, outbox } = at.repos;
  const evaluation = {
    ...(effect.rating !== undefined ? { rating: effect.rating } : {}),
    comment: effect.comment,
    at: at.now,
  };
  const saved = await sessions.setEvaluation(effect.sessionId, effect.role, evaluation);
  if (!saved) return;
  if (saved.evaluations.employee && saved.evaluations.coach) await sessions.transition(saved.id, ['held'], 'evaluated');
  const trajectory = await trajectories.get(saved.trajectoryId);
  if (!trajectory?.coachId) return;
  // The other person sees this answer at once, without having to answer first (step 8: both learn). Keyed by the
  // session and the recipient, so a replayed effect shares it once.
  const other =
    effect.role === 'employee'
      ? { id: trajectory.coachId, role: 'coach' }
      : { id: trajectory.employeeId, role: 'employee' };
  await outbox.plan({
    key: `${saved.id}:evaluations:${other.role}`,
    kind: 'evaluation.shared',
    recipientId: other.id,
    dueAt: at.now,
    payload: { sessionId: saved.id },
    urgent: true,
  });
}
