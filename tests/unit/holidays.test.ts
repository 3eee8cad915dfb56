/** The public holidays of the Netherlands the rhythm passes over (src/coaching/holidays.ts), for concrete years. */
import { describe, expect, it } from 'vitest';
import { easterSunday, isPublicHoliday, onOrAfterWorkingDay, publicHolidays } from '../../src/coaching/holidays.js';

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
