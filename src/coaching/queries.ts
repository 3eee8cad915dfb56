/**
 * Read paths the flows share. Every path that returns trajectory content checks that the reader is the employee or
 * the coach of that trajectory: what an employee writes is private to the two of them.
 */
import type { Agreement, Person, Role, Session, Trajectory } from './model.js';
import type { FlowContext } from './flow.js';

export function roleIn(trajectory: Trajectory, personId: string): Role | null {
  if (trajectory.employeeId === personId) return 'employee';
  if (trajectory.coachId === personId) return 'coach';
  return null;
}

export function otherId(trajectory: Trajectory, personId: string): string | undefined {
  return trajectory.employeeId === personId ? trajectory.coachId : trajectory.employeeId;
}

/** The trajectory, only if the person takes part in it. */
export async function visibleTrajectory(ctx: FlowContext, trajectoryId: string): Promise<Trajectory | null> {
  const t = await ctx.trajectories.get(trajectoryId);
  return t && roleIn(t, ctx.person.id) ? t : null;
}

/** The session and its trajectory, only if the person takes part in it. */
export async function visibleSession(
  ctx: FlowContext,
  sessionId: string,
): Promise<{ session: Session; trajectory: Trajectory } | null> {
  const session = await ctx.sessions.get(sessionId);
  if (!session) return null;
  const trajectory = await visibleTrajectory(ctx, session.trajectoryId);
  return trajectory ? { session, trajectory } : null;
}

/** The agreement and its trajectory, only if the person takes part in it. */
export async function visibleAgreement(
  ctx: FlowContext,
  agreementId: string,
): Promise<{ agreement: Agreement; trajectory: Trajectory } | null> {
  const agreement = await ctx.agreements.get(agreementId);
  if (!agreement) return null;
  const trajectory = await visibleTrajectory(ctx, agreement.trajectoryId);
  return trajectory ? { agreement, trajectory } : null;
}

export async function activeTrajectories(ctx: FlowContext, role?: Role): Promise<Trajectory[]> {
  const all = await ctx.trajectories.listForPerson(ctx.person.id);
  return all.filter((t) => t.status === 'active' && (!role || roleIn(t, ctx.person.id) === role));
}

const open: readonly Session['status'][] = ['scheduled', 'preparing', 'prepared'];

/** The next session of a trajectory that has not taken place yet (soonest first). */
export async function upcomingSession(ctx: FlowContext, trajectory: Trajectory): Promise<Session | null> {
  const sessions = await ctx.sessions.listForTrajectory(trajectory.id);
  return (
    sessions.filter((s) => open.includes(s.status)).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0] ??
    null
  );
}

/** The employee's next session to prepare, across their trajectories as employee. */
export async function sessionToPrepare(ctx: FlowContext): Promise<{ session: Session; trajectory: Trajectory } | null> {
  let best: { session: Session; trajectory: Trajectory } | null = null;
  for (const trajectory of await activeTrajectories(ctx, 'employee')) {
    const session = await upcomingSession(ctx, trajectory);
    if (session && (!best || session.startsAt < best.session.startsAt)) best = { session, trajectory };
  }
  return best;
}

export async function personName(ctx: FlowContext, id: string | undefined): Promise<string> {
  if (!id) return '?';
  const p: Person | null = await ctx.people.get(id);
  return p?.displayName ?? '?';
}

/** Sessions still open are those whose time has not come; preparation closes when the session starts. */
export function isPreparable(session: Session, now: Date): boolean {
  return open.includes(session.status) && session.startsAt.getTime() > now.getTime();
}
