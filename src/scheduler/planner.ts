/**
 * The planner: turns lifecycle changes into outbox items (what to send when). Work in progress: the scheduler
 * issue fills in the rules; until then it plans nothing.
 */
import type { Clock } from '../core/clock.js';
import type { AgreementRepo, Lifecycle, LifecycleEvent, Outbox, PeopleRepo, SessionRepo, TrajectoryRepo } from '../coaching/ports.js';

export interface PlannerSettings {
  readonly prepInviteWorkingDaysBefore: number;
  readonly maxMessagesPerDay: number;
}

export const defaultPlannerSettings: PlannerSettings = { prepInviteWorkingDaysBefore: 2, maxMessagesPerDay: 3 };

export interface PlannerDeps {
  readonly people: PeopleRepo;
  readonly trajectories: TrajectoryRepo;
  readonly sessions: SessionRepo;
  readonly agreements: AgreementRepo;
  readonly outbox: Outbox;
  readonly clock: Clock;
  readonly settings: PlannerSettings;
}

export class Planner implements Lifecycle {
  constructor(private readonly deps: PlannerDeps) {}
  async emit(_event: LifecycleEvent): Promise<void> {
    void this.deps;
  }
}
