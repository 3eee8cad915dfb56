import { describe, expect, it } from 'vitest';
import {
  allowedIntervals,
  isAllowedNow,
  nextAllowedMoment,
  type DeliveryPrefs,
} from '../../src/core/delivery-window.js';
import {
  addWorkingDays,
  localParts,
  onOrBeforeWorkingDay,
  startOfNextLocalDay,
  weekdayOf,
  zonedTimeToUtc,
} from '../../src/core/local-time.js';

const iso = (d: Date): string => d.toISOString();
const weekdays = [1, 2, 3, 4, 5];
const amsterdam: DeliveryPrefs = {
  timeZone: 'Europe/Amsterdam',
  workingHours: { start: '09:00', end: '17:30', days: weekdays },
};
const newYork: DeliveryPrefs = {
  timeZone: 'America/New_York',
  workingHours: { start: '09:00', end: '17:00', days: weekdays },
};

describe('local time with Intl', () => {
  it('turns a wall time into UTC in winter and in summer', () => {
    expect(iso(zonedTimeToUtc('2026-12-01', 9 * 60, 'Europe/Amsterdam'))).toBe('2026-12-01T08:00:00.000Z');
    expect(iso(zonedTimeToUtc('2026-07-01', 9 * 60, 'Europe/Amsterdam'))).toBe('2026-07-01T07:00:00.000Z');
    expect(iso(zonedTimeToUtc('2027-03-15', 9 * 60, 'America/New_York'))).toBe('2027-03-15T13:00:00.000Z');
    expect(iso(zonedTimeToUtc('2027-03-12', 9 * 60, 'America/New_York'))).toBe('2027-03-12T14:00:00.000Z');
  });

  it('moves a wall time inside the spring-forward gap forward by the gap', () => {
    // Amsterdam 2026-03-29: 02:00 CET → 03:00 CEST. 02:30 does not exist; it becomes 03:30 CEST (01:30Z).
    expect(iso(zonedTimeToUtc('2026-03-29', 150, 'Europe/Amsterdam'))).toBe('2026-03-29T01:30:00.000Z');
    // New York 2027-03-14: 02:00 EST → 03:00 EDT. 02:30 becomes 03:30 EDT (07:30Z).
    expect(iso(zonedTimeToUtc('2027-03-14', 150, 'America/New_York'))).toBe('2027-03-14T07:30:00.000Z');
  });

  it('resolves a repeated wall time in the fall-back hour to one real instant', () => {
    const t = zonedTimeToUtc('2026-10-25', 150, 'Europe/Amsterdam');
    expect(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']).toContain(iso(t));
    expect(localParts(t, 'Europe/Amsterdam')).toMatchObject({ date: '2026-10-25', minutes: 150 });
  });

  it('gives local date, minutes and ISO weekday', () => {
    expect(localParts(new Date('2026-10-25T23:30:00Z'), 'Europe/Amsterdam')).toEqual({
      date: '2026-10-26',
      minutes: 30,
      weekday: 1,
    });
    expect(weekdayOf('2026-11-29')).toBe(7);
    // Midnight before the switch is still summer time; the one after is winter time.
    expect(iso(startOfNextLocalDay(new Date('2026-10-24T12:00:00Z'), 'Europe/Amsterdam'))).toBe(
      '2026-10-24T22:00:00.000Z',
    );
    expect(iso(startOfNextLocalDay(new Date('2026-10-25T12:00:00Z'), 'Europe/Amsterdam'))).toBe(
      '2026-10-25T23:00:00.000Z',
    );
  });

  it('counts working days back and forth, skipping days off', () => {
    expect(addWorkingDays('2026-12-07', -2, weekdays)).toBe('2026-12-03'); // Monday − 2 → Thursday
    expect(addWorkingDays('2026-12-04', 1, weekdays)).toBe('2026-12-07'); // Friday + 1 → Monday
    expect(addWorkingDays('2026-12-02', 5, weekdays)).toBe('2026-12-09');
    expect(addWorkingDays('2026-12-07', -1, [1, 2, 3])).toBe('2026-12-02'); // Mon–Wed week: Monday − 1 → Wednesday
    expect(addWorkingDays('2026-12-07', 1, [])).toBe('2026-12-08'); // no days configured: every day counts
    expect(onOrBeforeWorkingDay('2026-12-05', weekdays)).toBe('2026-12-04'); // Saturday → Friday
    expect(onOrBeforeWorkingDay('2026-12-03', weekdays)).toBe('2026-12-03');
  });
});

describe('the delivery window', () => {
  it('lets a normal item through within working hours', () => {
    const at = new Date('2026-12-01T10:00:00Z'); // Tuesday 11:00 Amsterdam
    expect(isAllowedNow(amsterdam, at)).toBe(true);
    expect(nextAllowedMoment(amsterdam, at)).toEqual(at);
  });

  it('holds an early item until the working day starts, and an evening one until the next', () => {
    expect(iso(nextAllowedMoment(amsterdam, new Date('2026-12-01T06:00:00Z')))).toBe('2026-12-01T08:00:00.000Z');
    expect(iso(nextAllowedMoment(amsterdam, new Date('2026-12-01T17:00:00Z')))).toBe('2026-12-02T08:00:00.000Z');
  });

  it('skips the weekend', () => {
    expect(iso(nextAllowedMoment(amsterdam, new Date('2026-12-04T17:00:00Z')))).toBe('2026-12-07T08:00:00.000Z'); // Fri 18:00 → Mon 09:00
    expect(iso(nextAllowedMoment(amsterdam, new Date('2026-12-05T10:00:00Z')))).toBe('2026-12-07T08:00:00.000Z'); // Saturday
  });

  it('lands on 09:00 local across the autumn DST change in Amsterdam', () => {
    // Friday 2026-10-23 18:00 CEST → Monday 2026-10-26 09:00 CET, which is 08:00Z (it was 07:00Z the week before).
    expect(iso(nextAllowedMoment(amsterdam, new Date('2026-10-23T16:00:00Z')))).toBe('2026-10-26T08:00:00.000Z');
    expect(iso(nextAllowedMoment(amsterdam, new Date('2026-10-22T16:00:00Z')))).toBe('2026-10-23T07:00:00.000Z');
  });

  it('lands on 09:00 local across the spring DST change in New York', () => {
    // Friday 2027-03-12 18:00 EST → Monday 2027-03-15 09:00 EDT = 13:00Z (it was 14:00Z on Friday).
    expect(iso(nextAllowedMoment(newYork, new Date('2027-03-12T23:00:00Z')))).toBe('2027-03-15T13:00:00.000Z');
    expect(iso(nextAllowedMoment(newYork, new Date('2027-03-12T12:00:00Z')))).toBe('2027-03-12T14:00:00.000Z');
  });

  it('lets an urgent item through outside working hours but never in quiet hours', () => {
    const quiet: DeliveryPrefs = { ...amsterdam, quietHours: { start: '21:00', end: '08:00' } };
    const saturdayNoon = new Date('2026-12-05T11:00:00Z');
    expect(nextAllowedMoment(quiet, saturdayNoon, true)).toEqual(saturdayNoon);
    expect(iso(nextAllowedMoment(quiet, new Date('2026-12-05T22:30:00Z'), true))).toBe('2026-12-06T07:00:00.000Z'); // 23:30 → 08:00
    expect(iso(nextAllowedMoment(quiet, new Date('2026-12-05T06:00:00Z'), true))).toBe('2026-12-05T07:00:00.000Z'); // 07:00 → 08:00
  });

  it('applies the default night to people without quiet hours, unless they opted out', () => {
    expect(iso(nextAllowedMoment(amsterdam, new Date('2026-12-05T23:00:00Z'), true))).toBe('2026-12-06T06:00:00.000Z'); // 00:00 → 07:00
    const optedOut: DeliveryPrefs = { ...amsterdam, quietHours: { start: '00:00', end: '00:00' } };
    const midnight = new Date('2026-12-05T23:00:00Z');
    expect(nextAllowedMoment(optedOut, midnight, true)).toEqual(midnight);
  });

  it('cuts quiet hours out of working hours', () => {
    const late: DeliveryPrefs = {
      timeZone: 'Europe/Amsterdam',
      workingHours: { start: '06:00', end: '23:00', days: weekdays },
      quietHours: { start: '22:00', end: '07:30' },
    };
    expect(allowedIntervals(late, '2026-12-01', false)).toEqual([[450, 1320]]);
    expect(iso(nextAllowedMoment(late, new Date('2026-12-01T05:00:00Z')))).toBe('2026-12-01T06:30:00.000Z'); // 06:00 → 07:30
  });

  it('holds everything while paused, inclusive of the last day', () => {
    const paused: DeliveryPrefs = { ...amsterdam, pausedUntil: '2026-12-09' }; // Wednesday
    expect(iso(nextAllowedMoment(paused, new Date('2026-12-01T10:00:00Z')))).toBe('2026-12-10T08:00:00.000Z');
    expect(iso(nextAllowedMoment(paused, new Date('2026-12-01T10:00:00Z'), true))).toBe('2026-12-10T06:00:00.000Z');
    expect(isAllowedNow(paused, new Date('2026-12-09T10:00:00Z'), true)).toBe(false);
    expect(isAllowedNow({ ...amsterdam, pausedUntil: '2026-11-30' }, new Date('2026-12-01T10:00:00Z'))).toBe(true);
  });

  it('respects custom working days and windows that wrap midnight', () => {
    const nights: DeliveryPrefs = {
      timeZone: 'UTC',
      workingHours: { start: '22:00', end: '06:00', days: [6, 7] },
      quietHours: { start: '12:00', end: '12:00' },
    };
    expect(iso(nextAllowedMoment(nights, new Date('2026-12-01T10:00:00Z')))).toBe('2026-12-05T00:00:00.000Z'); // Tuesday → Saturday 00:00
  });

  it('never parks an item forever when the settings leave no moment', () => {
    const impossible: DeliveryPrefs = {
      timeZone: 'UTC',
      workingHours: { start: '09:00', end: '17:00', days: weekdays },
      quietHours: { start: '08:00', end: '18:00' },
    };
    const at = new Date('2026-12-01T10:00:00Z');
    expect(iso(nextAllowedMoment(impossible, at))).toBe('2026-12-01T18:00:00.000Z');
  });

  it('falls back to UTC for an unknown zone instead of failing a tick', () => {
    expect(iso(nextAllowedMoment({ ...amsterdam, timeZone: 'Mars/Olympus' }, new Date('2026-12-01T06:00:00Z')))).toBe(
      '2026-12-01T09:00:00.000Z',
    );
  });
});
