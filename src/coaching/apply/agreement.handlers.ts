/** Effects on agreements and on a person's settings. */
import type { HistoryEntry } from '../model.js';
import { otherId } from '../queries.js';
import { tell, type Applying, type EffectOf } from './handler.js';

export async function updatePerson(effect: EffectOf<'person.update'>, at: Applying): Promise<void> {
  // Stored effects are JSON, where `undefined` vanishes: fields to remove travel in `clear`.
  await at.repos.people.update(effect.personId, {
    ...effect.settings,
    ...Object.fromEntries((effect.clear ?? []).map((k) => [k, undefined])),
  });
}

export async function createAgreement(effect: EffectOf<'agreement.create'>, at: Applying): Promise<void> {
  const a = effect.agreement;
  await at.repos.agreements.insert({
    ...a,
    createdAt: at.now,
    revision: 0,
    history: [{ id: at.id, at: at.now, by: effect.byId, change: 'created', to: a.due }],
  });
  if (a.status === 'open') await at.repos.lifecycle.emit({ type: 'agreement.created', agreementId: a.id });
  if (a.status !== 'proposed') return;
  // A proposal made for someone else counts once they accept it: ask its owner.
  const trajectory = await at.repos.trajectories.get(a.trajectoryId);
  const owner = a.owner === 'employee' ? trajectory?.employeeId : trajectory?.coachId;
  await tell(at, owner, { key: 'proposal', kind: 'agreement.proposed', payload: { agreementId: a.id } });
}

export async function changeAgreement(effect: EffectOf<'agreement.change'>, at: Applying): Promise<void> {
  const { agreements, trajectories, lifecycle } = at.repos;
  const before = await agreements.get(effect.agreementId);
  const { remindAfter, ...set } = effect.set;
  const changes = remindAfter ? { ...set, remindAfter: new Date(remindAfter) } : set;
  const changed = await agreements.change(
    effect.agreementId,
    effect.from,
    changes,
    historyEntry(effect, at, before?.due),
  );
  if (!changed) return;
  await lifecycle.emit(
    changed.status === 'open' && effect.change === 'accepted'
      ? { type: 'agreement.created', agreementId: changed.id }
      : { type: 'agreement.changed', agreementId: changed.id },
  );
  if (effect.change !== 'done' && effect.change !== 'accepted' && effect.change !== 'declined') return;
  const trajectory = await trajectories.get(changed.trajectoryId);
  if (!trajectory?.coachId) return;
  await tell(at, otherId(trajectory, effect.byId), {
    key: 'tell',
    kind: `agreement.${effect.change}`,
    payload: { agreementId: changed.id, byId: effect.byId },
    urgent: effect.change !== 'done',
  });
}

function historyEntry(effect: EffectOf<'agreement.change'>, at: Applying, dueBefore: string | undefined): HistoryEntry {
  return {
    id: at.id,
    at: at.now,
    by: effect.byId,
    change: effect.change,
    ...(effect.note ? { note: effect.note } : {}),
    ...(effect.set.due ? { to: effect.set.due } : effect.progress ? { to: effect.progress } : {}),
    ...(dueBefore && effect.set.due ? { from: dueBefore } : {}),
  };
}
