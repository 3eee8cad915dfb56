/**
 * Calendar invitations through the real engine and store: when the first conversation is fixed both people receive
 * an `.ics` file; a move sends the same UID with a higher SEQUENCE; a call-off sends METHOD:CANCEL. Text in each
 * person's language and time zone; a replayed lifecycle event sends nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileAttachment, Reply } from '../../src/core/reply.js';
import { syncSession } from '../../src/calendar/calendar.lifecycle.js';
import { MongoCalendarEvents } from '../../src/store/calendar.repo.js';
import { startTrajectory } from '../support/journeys.js';
import { createHarness, type Harness, type ScriptedUser } from '../support/scripted-client.js';

const invites = (user: ScriptedUser): { reply: Reply; file: FileAttachment }[] =>
  user.transcript.flatMap((reply) =>
    (reply.files ?? []).filter((f) => f.filename.endsWith('.ics')).map((file) => ({ reply, file })),
  );
/** RFC 5545 folds long lines (CRLF + space); unfold before reading. */
const unfold = (ics: string): string => ics.replace(/\r\n[ \t]/g, '');
const field = (ics: string, name: string): string | undefined =>
  new RegExp(`^${name}(?:;[^:\\r\\n]*)?:(.*)$`, 'm').exec(unfold(ics))?.[1]?.trim();

describe('calendar invitations', () => {
  let h: Harness;
  let sam: ScriptedUser;
  let robin: ScriptedUser;
  let sessionId: string;

  beforeAll(async () => {
    h = await createHarness({ start: '2026-12-01T08:00:00Z', label: 'calendar' });
    sam = h.user('sam', { displayName: 'Sam', email: 'sam@example.com', locale: 'en' });
    robin = h.user('robin', { displayName: 'Robin', email: 'robin@example.com', locale: 'nl' });
    const trajectoryId = await startTrajectory(h, sam, robin);
    const [session] = await h.app.store.sessions.listForTrajectory(trajectoryId);
    sessionId = session!.id;
  });
  afterAll(() => h.close());

  it('the fixed first conversation reaches both calendars as an invitation', () => {
    const [forSam] = invites(sam);
    const [forRobin] = invites(robin);
    expect(invites(sam)).toHaveLength(1);
    expect(invites(robin)).toHaveLength(1);
    expect(forSam?.reply.text).toBe(
      'Here is the calendar invitation for your conversation with Robin on Thursday 10 December 2026 at 14:00. Open the file to add it to your calendar.',
    );
    expect(forRobin?.reply.text).toMatch(
      /^Hier is de agenda-uitnodiging voor je gesprek met Sam op donderdag 10 december 2026 om 14:00/,
    );
    const ics = forSam!.file.content;
    expect(forSam!.file).toMatchObject({ filename: 'coaching-1.ics', mediaType: 'text/calendar; method=REQUEST' });
    expect(field(ics, 'METHOD')).toBe('REQUEST');
    expect(field(ics, 'UID')).toBe(`${sessionId}@coaching-assistant`);
    expect(field(ics, 'SEQUENCE')).toBe('0');
    // 14:00 in Sam's own time zone, with that zone's rules in the file; 60 minutes long; DTSTAMP in UTC.
    expect(unfold(ics)).toMatch(/^DTSTART;TZID=Europe\/Amsterdam:20261210T140000\r$/m);
    expect(unfold(ics)).toMatch(/^DTEND;TZID=Europe\/Amsterdam:20261210T150000\r$/m);
    expect(unfold(ics)).toMatch(/^BEGIN:VTIMEZONE\r\nTZID:Europe\/Amsterdam\r$/m);
    expect(field(ics, 'DTSTAMP')).toMatch(/^\d{8}T\d{6}Z$/);
    expect(field(ics, 'STATUS')).toBe('CONFIRMED');
    expect(field(ics, 'SUMMARY')).toBe('Coaching conversation with Robin');
    expect(field(forRobin!.file.content, 'SUMMARY')).toBe('Coachingsgesprek met Sam');
    expect(unfold(ics)).toMatch(/^ORGANIZER;CN="Robin":mailto:robin@example\.com/m);
    expect(unfold(ics)).toMatch(/^ATTENDEE;.*CN="Sam":MAILTO:sam@example\.com/im);
    // Both files describe the same event.
    expect(field(forRobin!.file.content, 'UID')).toBe(field(ics, 'UID'));
  });

  it('a moved conversation updates the same event (same UID, SEQUENCE bumped)', async () => {
    await sam
      .send('next session')
      .press('Move')
      .send('Friday 11:00')
      .press('Yes')
      .expectReply(/Moved to/);
    await h.deliverDue();
    const moved = invites(sam).at(-1)!;
    expect(invites(sam)).toHaveLength(2);
    expect(invites(robin)).toHaveLength(2);
    expect(moved.reply.text).toMatch(/^Your conversation with Robin is now on Friday 4 December 2026 at 11:00\./);
    expect(field(moved.file.content, 'UID')).toBe(`${sessionId}@coaching-assistant`);
    expect(field(moved.file.content, 'SEQUENCE')).toBe('1');
    expect(unfold(moved.file.content)).toMatch(/^DTSTART;TZID=Europe\/Amsterdam:20261204T110000\r$/m);
    expect(field(moved.file.content, 'METHOD')).toBe('REQUEST');
    expect(moved.file.title).toBe('Move it in your calendar');
    expect(invites(robin).at(-1)!.file.title).toBe('Verzet het in je agenda');
  });

  it('a replayed lifecycle event plans nothing new', async () => {
    const events = new MongoCalendarEvents(h.connection);
    await syncSession(sessionId, {
      sessions: h.app.store.sessions,
      trajectories: h.app.store.trajectories,
      outbox: h.app.store.outbox,
      events,
      clock: h.clock,
    });
    expect(await h.deliverDue()).toBe(0);
    expect((await events.get(sessionId))?.sequence).toBe(1);
  });

  it('a call-off cancels it in both calendars (METHOD:CANCEL, same UID)', async () => {
    await sam.send('next session').press('Call off');
    await sam.press('Yes, call it off').expectReply(/is called off/);
    await h.deliverDue();
    const cancelled = invites(sam).at(-1)!;
    expect(invites(sam)).toHaveLength(3);
    expect(invites(robin)).toHaveLength(3);
    expect(cancelled.reply.text).toMatch(
      /^Your conversation with Robin on Friday 4 December 2026 at 11:00 is called off\./,
    );
    expect(cancelled.file.mediaType).toBe('text/calendar; method=CANCEL');
    expect(field(cancelled.file.content, 'METHOD')).toBe('CANCEL');
    expect(field(cancelled.file.content, 'STATUS')).toBe('CANCELLED');
    expect(field(cancelled.file.content, 'SEQUENCE')).toBe('2');
    expect(field(cancelled.file.content, 'UID')).toBe(`${sessionId}@coaching-assistant`);
    // Not "Add to your calendar" on a file that takes the conversation out of it.
    expect(cancelled.file.title).toBe('Take it out of your calendar');
    expect(invites(robin).at(-1)!.file.title).toBe('Haal het uit je agenda');
  });
});
