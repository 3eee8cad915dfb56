/**
 * What a full-cycle script needs from a harness: scripted users, delivery of due messages, the clock, the dashboard
 * and read access to what was stored. Both harnesses fit: the MongoDB one (`fromApp`) and the in-memory one
 * (`createMemoryHarness`), so one script per language runs against both.
 */
import type { Agreement, Session, Trajectory } from '../../../src/coaching/model.js';
import type { FixedClock } from '../../../src/core/clock.js';
import type { ProfileHints } from '../../../src/core/events.js';
import type { Reply } from '../../../src/core/reply.js';
import type { Harness, ScriptedUser } from '../scripted-client.js';

export interface CycleHarness {
  readonly clock: FixedClock;
  readonly trajectories: { listForPerson(personId: string): Promise<Trajectory[]> };
  readonly sessions: { listForTrajectory(trajectoryId: string): Promise<Session[]> };
  readonly agreements: { listForTrajectory(trajectoryId: string): Promise<Agreement[]> };
  dashboard(personId: string): Promise<Reply>;
  user(userId: string, profile?: ProfileHints): ScriptedUser;
  deliverDue(): Promise<number>;
  advance(ms: number): Promise<number>;
}

/** The MongoDB harness as a cycle harness. */
export const fromApp = (h: Harness): CycleHarness => ({
  clock: h.clock,
  trajectories: h.app.store.trajectories,
  sessions: h.app.store.sessions,
  agreements: h.app.store.agreements,
  dashboard: (personId) => h.app.dashboard(personId),
  user: (userId, profile) => h.user(userId, profile),
  deliverDue: () => h.deliverDue(),
  advance: (ms) => h.advance(ms),
});
