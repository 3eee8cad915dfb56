/**
 * One coaching conversation as an iCalendar file (RFC 5545, made with ical-generator). The UID is the session's, so a
 * calendar updates the same event in place: a moved conversation is the same UID with a higher SEQUENCE, a called-off
 * one `METHOD:CANCEL` with `STATUS:CANCELLED`. Start and end are written in the recipient's own IANA time zone
 * (`DTSTART;TZID=Europe/Amsterdam:…`) with that zone's VTIMEZONE (its daylight-saving rules, from
 * timezones-ical-library), so a calendar shows the wall-clock time that was agreed and keeps it right across a DST
 * change; a zone the library does not know is written in UTC (`…Z`). DTSTAMP is always UTC.
 *
 * With both e-mail addresses known the file is an invitation (`METHOD:REQUEST`, organizer = the coach, attendee = the
 * employee); without them, a plain event to add (`METHOD:PUBLISH`), since an invitation needs an organizer's address.
 */
import { TZDate } from '@date-fns/tz';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';

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
  /** The recipient's IANA time zone: the event's TZID. */
  readonly timeZone: string;
}

/** The UID of a session's event: stable across moves, unique across installations of the bot. */
export const inviteUid = (sessionId: string): string => `${sessionId}@coaching-assistant`;

/**
 * The VTIMEZONE block for an IANA zone, named as asked (the library files an alias such as Europe/Amsterdam under the
 * zone it links to; the rules are the same, and the TZID must match the event's), or null for a zone it does not know.
 */
export function vtimezone(timeZone: string): string | null {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return null;
  const block = tzlib_get_ical_block(timeZone);
  if (!Array.isArray(block) || !block[0]?.startsWith('BEGIN:VTIMEZONE')) return null;
  return block[0]
    .replace(/^TZID:.*$/m, `TZID:${timeZone}`)
    .replace(/^X-LIC-LOCATION:.*$/m, `X-LIC-LOCATION:${timeZone}`);
}

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
  // No calendar-wide zone (ical-generator would then write DTSTAMP in it); each event's zone gets its VTIMEZONE.
  calendar.timezone({ name: null, generator: vtimezone });
  const zone = vtimezone(input.timeZone) ? input.timeZone : null;
  const end = new Date(input.start.getTime() + input.minutes * 60_000);
  const event = calendar.createEvent({
    id: inviteUid(input.sessionId),
    sequence: input.sequence,
    stamp: input.stamp,
    ...(zone
      ? { start: new TZDate(input.start.getTime(), zone), end: new TZDate(end.getTime(), zone), timezone: zone }
      : { start: input.start, end }),
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
