/** The public holidays of the Netherlands the rhythm passes over (src/coaching/holidays.ts), for concrete years. */
import { describe, expect, it } from 'vitest';
import {
  easterSunday,
  holidayRegion,
  isPublicHoliday,
  onOrAfterWorkingDay,
  publicHolidays,
} from '../../src/coaching/holidays.js';
import { proposeNext } from '../../src/coaching/flows/session.flow.js';
import type { Session, Trajectory } from '../../src/coaching/model.js';

describe('public holidays of the Netherlands', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2030, '2030-04-21'],
    [2038, '2038-04-25'],
  ])('Easter Sunday %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('2026: every day off, in order', () => {
    expect([...publicHolidays(2026)].sort()).toEqual([
      '2026-01-01', // New Year's Day
      '2026-04-06', // Easter Monday
      '2026-04-27', // King's Day, a Monday
      '2026-05-14', // Ascension Day
      '2026-05-25', // Whit Monday
      '2026-12-25',
      '2026-12-26',
    ]);
  });

  it('2025: King’s Day on Saturday 26 April (the 27th is a Sunday), and Liberation Day in a lustrum year', () => {
    expect([...publicHolidays(2025)].sort()).toEqual([
      '2025-01-01',
      '2025-04-21',
      '2025-04-26',
      '2025-05-05',
      '2025-05-29',
      '2025-06-09',
      '2025-12-25',
      '2025-12-26',
    ]);
    expect(isPublicHoliday('2025-04-27')).toBe(false);
  });

  it('Good Friday and Liberation Day outside a lustrum year are working days', () => {
    expect(isPublicHoliday('2026-04-03')).toBe(false);
    expect(isPublicHoliday('2026-05-05')).toBe(false);
    expect(isPublicHoliday('2030-05-05')).toBe(true);
  });

  it.each([
    ['2027-01-01', '2027-01-04'], // New Year's Day, a Friday → Monday
    ['2026-12-25', '2026-12-28'], // Christmas Day, Boxing Day on Saturday → Monday
    ['2027-12-25', '2027-12-27'], // Christmas on Saturday, Boxing Day on Sunday → Monday 27th
    ['2026-04-06', '2026-04-07'], // Easter Monday → Tuesday
    ['2026-05-14', '2026-05-15'], // Ascension Day → Friday
    ['2026-05-25', '2026-05-26'], // Whit Monday → Tuesday
    ['2030-05-05', '2030-05-06'], // Liberation Day 2030 is a Sunday anyway → Monday
    ['2025-05-05', '2025-05-06'], // Liberation Day 2025, a Monday → Tuesday
    ['2026-04-27', '2026-04-28'], // King's Day → Tuesday
    ['2026-12-24', '2026-12-24'], // Christmas Eve is a working day
    ['2026-12-12', '2026-12-14'], // a Saturday → Monday
  ])('%s → %s', (date, working) => {
    expect(onOrAfterWorkingDay(date)).toBe(working);
  });
});

describe('whose holidays: by time zone', () => {
  it('the Netherlands for Europe/Amsterdam, England and Wales for Europe/London, the common two elsewhere', () => {
    expect(holidayRegion('Europe/Amsterdam')).toBe('nl');
    expect(holidayRegion('Europe/London')).toBe('gb');
    expect(holidayRegion('America/New_York')).toBe('other');
    expect([...publicHolidays(2026, 'other')].sort()).toEqual(['2026-01-01', '2026-12-25']);
  });

  it('the bank holidays of England and Wales, with substitute days (as published for 2026, 2027, 2022, 2023)', () => {
    expect([...publicHolidays(2026, 'gb')].sort()).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
    expect([...publicHolidays(2027, 'gb')].sort()).toEqual([
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ]);
    expect(isPublicHoliday('2022-01-03', 'gb')).toBe(true); // New Year's Day on a Saturday
    expect(isPublicHoliday('2022-12-27', 'gb')).toBe(true); // Christmas on a Sunday
    expect(isPublicHoliday('2023-01-02', 'gb')).toBe(true); // New Year's Day on a Sunday
    expect(isPublicHoliday('2026-04-27', 'gb')).toBe(false); // King's Day is Dutch
  });

  it('the rhythm passes over the holidays of where the person lives', () => {
    const trajectory = { cadenceDays: 14 } as Trajectory;
    // Monday 17 August 2026, 10:00 in London, every two weeks: Monday 31 August is the summer bank holiday.
    const london = { startsAt: new Date('2026-08-17T09:00:00Z') } as Session;
    expect(proposeNext(london, trajectory, 'Europe/London').toISOString()).toBe('2026-09-01T09:00:00.000Z');
    // The same in Amsterdam: an ordinary Monday.
    const amsterdam = { startsAt: new Date('2026-08-17T08:00:00Z') } as Session;
    expect(proposeNext(amsterdam, trajectory, 'Europe/Amsterdam').toISOString()).toBe('2026-08-31T08:00:00.000Z');
    // Monday 13 April 2026 in Amsterdam, every two weeks: Monday 27 April is King's Day; in London it is not.
    const kings = { startsAt: new Date('2026-04-13T08:00:00Z') } as Session;
    expect(proposeNext(kings, trajectory, 'Europe/Amsterdam').toISOString()).toBe('2026-04-28T08:00:00.000Z');
    expect(proposeNext(kings, trajectory, 'Europe/London').toISOString()).toBe('2026-04-27T08:00:00.000Z');
  });
});
