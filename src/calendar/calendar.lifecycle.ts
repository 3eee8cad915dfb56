/**
 * Calendar invitations follow the sessions: wrapped around the planner's Lifecycle, this sees a session scheduled,
 * moved or called off (and a trajectory ended) and plans one `calendar.invite` outbox item for each of the two people
 * when the event's state really changed. The outbox delivers it through the calendar resumer, which renders the
 * message with the `.ics` file at delivery time.
 *
 * Idempotent: a replayed lifecycle event finds the same state recorded and plans nothing; the outbox key carries the
 * sequence, so planning a version twice inserts once.
 */
import type { Clock } from '../core/clock.js';
import type { Lifecycle, SessionReader, TrajectoryReader } from '../coaching/ports.js';
import type { SessionStatus } from '../coaching/model.js';
import type { MongoCalendarEvents } from '../store/calendar.repo.js';

export const CALENDAR_KIND = 'calendar.invite';

const UPCOMING: readonly SessionStatus[] = ['scheduled', 'preparing', 'prepared'];

/** Where invitations are planned: the outbox (calendar invitations are not coaching notices, so the kind is free). */
export interface CalendarOutbox {
  plan(item: {
    readonly key: string;
    readonly kind: string;
    readonly recipientId: string;
    readonly dueAt: Date;
    readonly payload: Readonly<Record<string, unknown>>;
    readonly urgent?: boolean;
  }): Promise<boolean>;
}

export interface CalendarDeps {
  readonly sessions: SessionReader;
  readonly trajectories: TrajectoryReader;
  readonly outbox: CalendarOutbox;
  readonly events: MongoCalendarEvents;
  readonly clock: Clock;
}

export function withCalendar(inner: Lifecycle, deps: CalendarDeps): Lifecycle {
  return {
    async emit(event) {
      await inner.emit(event);
      switch (event.type) {
        case 'session.scheduled':
        case 'session.rescheduled':
        case 'session.cancelled':
          await syncSession(event.sessionId, deps);
          return;
        case 'trajectory.ended':
          for (const session of await deps.sessions.listForTrajectory(event.trajectoryId))
            await syncSession(session.id, deps);
          return;
        default:
          return;
      }
    },
  };
}

/** Records the session's calendar state when it changed, and plans the new version for both people. */
export async function syncSession(sessionId: string, deps: CalendarDeps): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const session = await deps.sessions.get(sessionId);
    if (!session) return;
    const cancelled = session.status === 'cancelled';
    if (!cancelled && !UPCOMING.includes(session.status)) return;
    const previous = await deps.events.get(sessionId);
    if (!previous && cancelled) return; // never in anyone's calendar: nothing to take out
    if (previous?.cancelled === cancelled && previous.startsAt.getTime() === session.startsAt.getTime()) return;
    const state = await deps.events.advance(previous, { sessionId, startsAt: session.startsAt, cancelled });
    if (!state) continue; // someone recorded a version in between: look again
    const trajectory = await deps.trajectories.get(session.trajectoryId);
    if (!trajectory?.coachId) return;
    for (const [recipientId, role] of [
      [trajectory.employeeId, 'employee'],
      [trajectory.coachId, 'coach'],
    ] as const) {
      await deps.outbox.plan({
        key: `calendar:${sessionId}:${state.sequence}:${role}`,
        kind: CALENDAR_KIND,
        recipientId,
        dueAt: deps.clock.now(),
        payload: { sessionId, sequence: state.sequence },
        urgent: true,
      });
    }
    return;
  }
}
