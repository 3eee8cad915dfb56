/** Effects on a trajectory: propose, answer, join with a code, end. */
import type { Invitee } from '../effects.js';
import type { Session } from '../model.js';
import { emptyPreparation } from '../model.js';
import { otherId } from '../queries.js';
import { tell, type Applying, type EffectOf } from './handler.js';

export const sessionId = (trajectoryId: string, number: number): string => `${trajectoryId}#${number}`;

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

export async function createTrajectory(effect: EffectOf<'trajectory.create'>, at: Applying): Promise<void> {
  const { firstSessionAt, employeeId, coachId, ...rest } = effect.trajectory;
  const ids = await withInvitee(effect.invitee, at, { employeeId, coachId });
  if (!ids.employeeId) return;
  const t = { ...rest, employeeId: ids.employeeId, ...(ids.coachId ? { coachId: ids.coachId } : {}) };
  await at.repos.trajectories.insert({ ...t, createdAt: at.now, revision: 0 });
  // The first session is created now (scheduled, so it shows on dashboards) and planned once accepted.
  await at.repos.sessions.insert(newSession(t.id, 1, new Date(firstSessionAt), t.durationMinutes));
  if (t.status !== 'proposed') return;
  const invitee = t.proposedBy === 'employee' ? t.coachId : t.employeeId;
  await tell(at, invitee, { key: 'invite', kind: 'trajectory.invite', payload: { trajectoryId: t.id } });
}

export async function respondToTrajectory(effect: EffectOf<'trajectory.respond'>, at: Applying): Promise<void> {
  const { trajectories, lifecycle } = at.repos;
  const updated = await trajectories.transition(effect.trajectoryId, 'proposed', {
    ...(effect.accept ? { status: 'active' as const } : { status: 'declined' as const, endedAt: at.now }),
  });
  const trajectory = updated ?? (await trajectories.get(effect.trajectoryId));
  if (!trajectory) return;
  if (effect.accept && trajectory.status === 'active')
    await lifecycle.emit({ type: 'session.scheduled', sessionId: sessionId(trajectory.id, 1) });
  if (!updated) return;
  const proposer = trajectory.proposedBy === 'employee' ? trajectory.employeeId : trajectory.coachId;
  await tell(at, proposer, {
    key: 'answer',
    kind: effect.accept ? 'trajectory.accepted' : 'trajectory.declined',
    payload: { trajectoryId: trajectory.id, byId: effect.byId },
  });
}

export async function joinTrajectory(effect: EffectOf<'trajectory.join'>, at: Applying): Promise<void> {
  const updated = await at.repos.trajectories.transition(effect.trajectoryId, 'proposed', {
    status: 'active',
    coachId: effect.coachId,
    inviteCode: undefined,
  });
  if (!updated) return;
  await at.repos.lifecycle.emit({ type: 'session.scheduled', sessionId: sessionId(updated.id, 1) });
  await tell(at, updated.employeeId, {
    key: 'joined',
    kind: 'trajectory.accepted',
    payload: { trajectoryId: updated.id, byId: effect.coachId },
  });
}

export async function endTrajectory(effect: EffectOf<'trajectory.end'>, at: Applying): Promise<void> {
  const { trajectories, sessions, lifecycle } = at.repos;
  const ended = await trajectories.transition(effect.trajectoryId, 'active', { status: 'ended', endedAt: at.now });
  if (!ended) return;
  for (const session of await sessions.listForTrajectory(ended.id)) {
    await sessions.transition(session.id, ['scheduled', 'preparing', 'prepared'], 'cancelled');
  }
  await lifecycle.emit({ type: 'trajectory.ended', trajectoryId: ended.id });
  await tell(at, otherId(ended, effect.byId), {
    key: 'ended',
    kind: 'trajectory.ended',
    payload: { trajectoryId: ended.id, byId: effect.byId },
  });
}

/** The invitee's person record, found or created by their channel identity (names and e-mail refreshed). */
async function withInvitee(
  invitee: Invitee | undefined,
  at: Applying,
  ids: { readonly employeeId: string | undefined; readonly coachId: string | undefined },
) {
  if (!invitee) return ids;
  const person = await at.repos.people.upsertByIdentity(invitee.identity, invitee.profile, invitee.defaults);
  return invitee.role === 'employee' ? { ...ids, employeeId: person.id } : { ...ids, coachId: person.id };
}
