/** Short, real conversations that put people in a known state for tests that are about something else. */
import type { Harness, ScriptedUser } from './scripted-client.js';

/** The employee starts a trajectory with the coach (by e-mail) and the coach accepts. Returns the trajectory id. */
export async function startTrajectory(
  h: Harness,
  employee: ScriptedUser,
  coach: ScriptedUser,
  options: { goal?: string; first?: string } = {},
): Promise<string> {
  await coach.send('help');
  await employee
    .send('start')
    .send(options.goal ?? 'Grow as a presenter')
    .send(coach.profile.email ?? '');
  await employee
    .press('every 14 days')
    .send(options.first ?? '2026-12-10 14:00')
    .press('60 min')
    .press('Send the invitation');
  await h.deliverDue();
  await coach.press(/^(Accept|Accepteren)$/);
  await h.deliverDue();
  const trajectories = await h.app.store.trajectories.listForPerson((await employee.person()).id);
  const trajectory = trajectories.find((t) => t.status === 'active');
  if (!trajectory) throw new Error('trajectory was not created');
  return trajectory.id;
}

/** A snapshot of everything a turn could change for a person: their dialog (without the stamp) and the domain data. */
export async function snapshot(h: Harness, user: ScriptedUser): Promise<string> {
  const person = await user.person();
  const dialog = await h.app.store.dialogs.load(person.id);
  // Key order carries no meaning (flows read their values back through a schema, which may reorder them).
  const { stamp: _stamp, ...rest } = dialog.values as Record<string, unknown>;
  const values = Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)));
  const strip = (docs: Record<string, unknown>[]) => docs.map(({ updatedAt: _u, ...rest }) => rest);
  return JSON.stringify({
    frame: { flow: dialog.flow, step: dialog.step, values },
    person: await h.models.person.findById(person.id).lean(),
    trajectories: await h.models.trajectory.find().sort({ _id: 1 }).lean(),
    sessions: await h.models.session.find().sort({ _id: 1 }).lean(),
    agreements: await h.models.agreement.find().sort({ _id: 1 }).lean(),
    outbox: strip(await h.models.outbox.find().sort({ _id: 1 }).lean()),
  });
}
