/**
 * The `.ics` file as a calendar reads it: the event in the recipient's own time zone (TZID plus its VTIMEZONE), the
 * instant right on both sides of a daylight-saving change (worked out here from the file's own VTIMEZONE rules, not
 * from the library that wrote them), the same UID across versions with a rising SEQUENCE, METHOD:CANCEL for a call-off.
 */
import { describe, expect, it } from 'vitest';
import { buildInvite, inviteUid, vtimezone, type InviteInput } from '../../src/calendar/invite.ics.js';

const unfold = (ics: string): string => ics.replace(/\r\n[ \t]/g, '');
/** A property line of the calendar or its event (not of the VTIMEZONE, whose DTSTART is a rule's). */
const line = (ics: string, name: string): string | undefined =>
  new RegExp(`^${name}[;:].*$`, 'm')
    .exec(unfold(ics).replace(/BEGIN:VTIMEZONE[\s\S]*?END:VTIMEZONE/, ''))?.[0]
    ?.replace(/\r$/, '');

const base: InviteInput = {
  sessionId: 's-1',
  sequence: 0,
  cancelled: false,
  start: new Date('2027-03-26T13:00:00Z'),
  minutes: 45,
  summary: 'Coaching conversation with Robin',
  description: 'Prepared in the coaching assistant.',
  coach: { name: 'Robin', email: 'robin@example.com' },
  employee: { name: 'Sam', email: 'sam@example.com' },
  stamp: new Date('2027-03-01T09:30:00Z'),
  timeZone: 'Europe/Amsterdam',
};

/** `20270326T140000` as the wall-clock fields. */
function wallClock(value: string): { y: number; mo: number; d: number; h: number; mi: number } {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})\d{2}$/.exec(value);
  if (!m) throw new Error(`not a local date-time: ${value}`);
  const [y, mo, d, h, mi] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  return { y, mo, d, h, mi };
}

/** The day of a month that an RRULE's BYDAY names (`2SU`, `-1SU`), for Sundays only (all this test needs). */
function ruleDay(year: number, month: number, byday: string): number {
  const n = Number(byday.replace('SU', ''));
  const sundays: number[] = [];
  for (let d = 1; d <= 31; d += 1) {
    const date = new Date(Date.UTC(year, month - 1, d));
    if (date.getUTCMonth() === month - 1 && date.getUTCDay() === 0) sundays.push(d);
  }
  const day = n > 0 ? sundays[n - 1] : sundays.at(n);
  if (day === undefined) throw new Error(`no ${byday} in ${year}-${month}`);
  return day;
}

/** Reads the VTIMEZONE like a calendar does: the offset (minutes) in force at a wall-clock time in a given year. */
function offsetAt(ics: string, local: ReturnType<typeof wallClock>): number {
  const zone = /BEGIN:VTIMEZONE[\s\S]*?END:VTIMEZONE/.exec(unfold(ics))?.[0] ?? '';
  const parts = [...zone.matchAll(/BEGIN:(STANDARD|DAYLIGHT)([\s\S]*?)END:\1/g)].map((m) => {
    const body = m[2] ?? '';
    const to = /TZOFFSETTO:([+-])(\d{2})(\d{2})/.exec(body)!;
    const start = wallClock(/DTSTART:(\S+)/.exec(body)![1]!);
    const rule = /RRULE:FREQ=YEARLY;BYMONTH=(\d+);BYDAY=(-?\d)SU/.exec(body);
    const month = rule ? Number(rule[1]) : start.mo;
    const day = rule ? ruleDay(local.y, month, `${rule[2]}SU`) : start.d;
    const begins = Date.UTC(local.y, month - 1, day, start.h, start.mi);
    return { begins, offset: (to[1] === '-' ? -1 : 1) * (Number(to[2]) * 60 + Number(to[3])) };
  });
  const at = Date.UTC(local.y, local.mo - 1, local.d, local.h, local.mi);
  const inForce = parts.filter((p) => p.begins <= at).sort((a, b) => b.begins - a.begins)[0];
  // Before this year's first change, last year's last one is in force: the latest-starting part.
  return (inForce ?? [...parts].sort((a, b) => b.begins - a.begins)[0]!).offset;
}

/** The UTC instant a calendar computes from `DTSTART;TZID=…:local` and the file's VTIMEZONE. */
function instantOf(ics: string, name: 'DTSTART' | 'DTEND'): Date {
  const value = /:(\d{8}T\d{6})$/.exec(line(ics, name) ?? '')?.[1];
  const local = wallClock(value ?? '');
  return new Date(Date.UTC(local.y, local.mo - 1, local.d, local.h, local.mi) - offsetAt(ics, local) * 60_000);
}

describe('the .ics file', () => {
  it('puts the event in the recipient time zone with its VTIMEZONE, on both sides of a DST change', () => {
    const winter = buildInvite(base); // Friday 26 March 2027, 14:00 CET (the clocks go forward on the 28th)
    const summer = buildInvite({ ...base, start: new Date('2027-04-02T12:00:00Z') }); // a week later, 14:00 CEST
    expect(line(winter, 'DTSTART')).toBe('DTSTART;TZID=Europe/Amsterdam:20270326T140000');
    expect(line(winter, 'DTEND')).toBe('DTEND;TZID=Europe/Amsterdam:20270326T144500');
    expect(line(summer, 'DTSTART')).toBe('DTSTART;TZID=Europe/Amsterdam:20270402T140000');
    for (const ics of [winter, summer]) {
      expect(unfold(ics)).toMatch(/^BEGIN:VTIMEZONE\r\nTZID:Europe\/Amsterdam\r$/m);
      expect(unfold(ics)).toMatch(/BEGIN:DAYLIGHT[\s\S]*TZOFFSETTO:\+0200[\s\S]*END:DAYLIGHT/);
      expect(unfold(ics)).toMatch(/BEGIN:STANDARD[\s\S]*TZOFFSETTO:\+0100[\s\S]*END:STANDARD/);
      expect(line(ics, 'DTSTAMP')).toBe('DTSTAMP:20270301T093000Z');
    }
    expect(instantOf(winter, 'DTSTART').toISOString()).toBe('2027-03-26T13:00:00.000Z');
    expect(instantOf(winter, 'DTEND').toISOString()).toBe('2027-03-26T13:45:00.000Z');
    expect(instantOf(summer, 'DTSTART').toISOString()).toBe('2027-04-02T12:00:00.000Z');
  });

  it('writes each recipient their own zone: the same instant, another wall clock', () => {
    const start = new Date('2027-11-02T14:30:00Z'); // New York changes back on 7 November 2027, Europe already did
    const ny = buildInvite({ ...base, start, timeZone: 'America/New_York' });
    const ams = buildInvite({ ...base, start });
    expect(line(ny, 'DTSTART')).toBe('DTSTART;TZID=America/New_York:20271102T103000');
    expect(line(ams, 'DTSTART')).toBe('DTSTART;TZID=Europe/Amsterdam:20271102T153000');
    expect(instantOf(ny, 'DTSTART').toISOString()).toBe(start.toISOString());
    expect(instantOf(ams, 'DTSTART').toISOString()).toBe(start.toISOString());
    expect(line(ny, 'UID')).toBe(line(ams, 'UID'));
  });

  it('falls back to UTC for a zone it cannot describe', () => {
    for (const timeZone of ['UTC', 'Mars/Olympus_Mons']) {
      const ics = buildInvite({ ...base, timeZone });
      expect(line(ics, 'DTSTART')).toBe('DTSTART:20270326T130000Z');
      expect(ics).not.toContain('BEGIN:VTIMEZONE');
    }
    expect(vtimezone('Mars/Olympus_Mons')).toBeNull();
  });

  it('a moved date keeps the UID with a higher SEQUENCE; a call-off is METHOD:CANCEL', () => {
    const first = buildInvite(base);
    const moved = buildInvite({ ...base, sequence: 1, start: new Date('2027-03-30T08:00:00Z') });
    const cancelled = buildInvite({ ...base, sequence: 2, cancelled: true, start: new Date('2027-03-30T08:00:00Z') });
    expect(line(first, 'UID')).toBe(`UID:${inviteUid('s-1')}`);
    expect(line(moved, 'UID')).toBe(line(first, 'UID'));
    expect(line(cancelled, 'UID')).toBe(line(first, 'UID'));
    expect([first, moved, cancelled].map((ics) => line(ics, 'SEQUENCE'))).toEqual([
      'SEQUENCE:0',
      'SEQUENCE:1',
      'SEQUENCE:2',
    ]);
    expect(line(moved, 'DTSTART')).toBe('DTSTART;TZID=Europe/Amsterdam:20270330T100000');
    expect(line(moved, 'METHOD')).toBe('METHOD:REQUEST');
    expect(line(cancelled, 'METHOD')).toBe('METHOD:CANCEL');
    expect(line(cancelled, 'STATUS')).toBe('STATUS:CANCELLED');
  });

  it('without both e-mail addresses it is an event to add (PUBLISH), without organizer', () => {
    const ics = buildInvite({ ...base, employee: { name: 'Sam' } });
    expect(line(ics, 'METHOD')).toBe('METHOD:PUBLISH');
    expect(line(ics, 'ORGANIZER')).toBeUndefined();
  });
});
