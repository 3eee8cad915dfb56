/**
 * Delivers `calendar.invite` outbox items: the message in the recipient's language and time zone, with the session's
 * `.ics` file attached (rendered now, from the current state: a version that a later move or call-off superseded
 * says nothing). Every other kind goes to the wrapped resumer (the engine).
 */
import { withFiles, type Reply } from '../core/reply.js';
import type { ResumeEvent } from '../core/events.js';
import type { PeopleReader, SessionReader, TrajectoryReader } from '../coaching/ports.js';
import { formatInstant } from '../coaching/time.js';
import { translator } from '../i18n/index.js';
import type { MongoCalendarEvents } from '../store/calendar.repo.js';
import { CALENDAR_KIND } from './calendar.lifecycle.js';
import { buildInvite } from './invite.ics.js';

export interface Resumer {
  resume(personId: string, event: ResumeEvent): Promise<readonly Reply[]>;
}

export interface CalendarResumerDeps {
  readonly people: PeopleReader;
  readonly sessions: SessionReader;
  readonly trajectories: TrajectoryReader;
  readonly events: MongoCalendarEvents;
  readonly now: () => Date;
}

export function withCalendarInvites(inner: Resumer, deps: CalendarResumerDeps): Resumer {
  return {
    resume: (personId, event) =>
      event.kind === CALENDAR_KIND ? renderInvite(personId, event.payload, deps) : inner.resume(personId, event),
  };
}

export async function renderInvite(
  personId: string,
  payload: Readonly<Record<string, unknown>>,
  deps: CalendarResumerDeps,
): Promise<Reply[]> {
  const sessionId = String(payload.sessionId);
  const state = await deps.events.get(sessionId);
  if (!state || state.sequence !== Number(payload.sequence)) return [];
  const session = await deps.sessions.get(sessionId);
  const trajectory = session ? await deps.trajectories.get(session.trajectoryId) : null;
  if (!session || !trajectory?.coachId) return [];
  const [employee, coach] = await Promise.all([
    deps.people.get(trajectory.employeeId),
    deps.people.get(trajectory.coachId),
  ]);
  const me = personId === coach?.id ? coach : employee;
  const other = me === coach ? employee : coach;
  if (!me || !other || !employee || !coach) return [];
  const t = translator(me.locale);
  const params = { name: other.displayName, when: formatInstant(state.startsAt, me.timeZone, me.locale) };
  const kind = state.cancelled ? 'cancelled' : state.sequence === 0 ? 'invite' : 'moved';
  const text = t(`calendar.${kind}`, params);
  const ics = buildInvite({
    sessionId,
    sequence: state.sequence,
    cancelled: state.cancelled,
    start: state.startsAt,
    minutes: session.durationMinutes,
    summary: t('calendar.summary', params),
    description: t('calendar.description'),
    coach: { name: coach.displayName, ...(coach.email ? { email: coach.email } : {}) },
    employee: { name: employee.displayName, ...(employee.email ? { email: employee.email } : {}) },
    stamp: deps.now(),
    timeZone: me.timeZone,
  });
  const method = /^METHOD:(\w+)/m.exec(ics)?.[1] ?? 'PUBLISH';
  return [
    withFiles(
      { text },
      {
        filename: `coaching-${session.number}.ics`,
        mediaType: `text/calendar; method=${method}`,
        content: ics,
        // The file's label says what opening it does: add, move, or take out.
        title: t(kind === 'invite' ? 'calendar.fileTitle' : `calendar.fileTitle.${kind}`),
      },
    ),
  ];
}
