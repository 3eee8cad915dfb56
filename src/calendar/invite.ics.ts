/**
 * One coaching conversation as an iCalendar file (RFC 5545, made with ical-generator). The UID is the session's, so a
 * calendar updates the same event in place: a moved conversation is the same UID with a higher SEQUENCE, a called-off
 * one `METHOD:CANCEL` with `STATUS:CANCELLED`. Times are written in UTC (`…Z`), which every calendar shows in its
 * owner's own time zone, daylight saving included; the message that carries the file names the local time.
 *
 * With both e-mail addresses known the file is an invitation (`METHOD:REQUEST`, organizer = the coach, attendee = the
 * employee); without them, a plain event to add (`METHOD:PUBLISH`), since an invitation needs an organizer's address.
 */
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export interface InviteParty {
  readonly name: string;
  readonly email?: string;
}

export interface InviteInput {
  readonly sessionId: string;
  readonly sequence: number;
  readonly cancelled: boolean;
  readonly start: Date;
  readonly minutes: number;
  readonly summary: string;
  readonly description: string;
  readonly coach: InviteParty;
  readonly employee: InviteParty;
  /** DTSTAMP: when this version of the event was made. */
  readonly stamp: Date;
}

/** The UID of a session's event: stable across moves, unique across installations of the bot. */
export const inviteUid = (sessionId: string): string => `${sessionId}@coaching-assistant`;

export function buildInvite(input: InviteInput): string {
  const invitation = Boolean(input.coach.email && input.employee.email);
  const method = input.cancelled
    ? invitation
      ? ICalCalendarMethod.CANCEL
      : ICalCalendarMethod.PUBLISH
    : invitation
      ? ICalCalendarMethod.REQUEST
      : ICalCalendarMethod.PUBLISH;
  const calendar = ical({ prodId: { company: 'coaching-assistant', product: 'coach', language: 'EN' }, method });
  const event = calendar.createEvent({
    id: inviteUid(input.sessionId),
    sequence: input.sequence,
    stamp: input.stamp,
    start: input.start,
    end: new Date(input.start.getTime() + input.minutes * 60_000),
    summary: input.summary,
    description: input.description,
    status: input.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  if (invitation && input.coach.email && input.employee.email) {
    event.organizer({ name: input.coach.name, email: input.coach.email });
    for (const party of [input.coach, input.employee])
      event.createAttendee({
        name: party.name,
        email: party.email ?? '',
        role: ICalAttendeeRole.REQ,
        status: party === input.coach ? ICalAttendeeStatus.ACCEPTED : ICalAttendeeStatus.NEEDSACTION,
        rsvp: party !== input.coach,
      });
  }
  return calendar.toString();
}
