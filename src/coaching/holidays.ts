/**
 * The common public holidays of the Netherlands, so the rhythm never proposes a day most people are off. The days
 * that are generally free: New Year's Day, Easter Monday, King's Day (27 April, or 26 April when the 27th is a
 * Sunday), Liberation Day (5 May: generally a day off only in lustrum years, 2025, 2030…, so only then), Ascension
 * Day, Whit Monday, Christmas Day and Boxing Day. Easter Sunday and Whit Sunday are Sundays anyway. Good Friday is
 * left out: a day off in some sectors only, and a person can always type another date.
 *
 * Dates are local calendar dates (YYYY-MM-DD), as the rest of src/coaching/time.ts.
 */
import { addDays, isoWeekday } from './time.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm of Meeus, Jones and Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The public holidays of a year that are generally a day off, as local dates. */
export function publicHolidays(year: number): ReadonlySet<string> {
  const easter = easterSunday(year);
  const kingsDay = isoWeekday(`${year}-04-27`) === 7 ? `${year}-04-26` : `${year}-04-27`;
  return new Set([
    `${year}-01-01`, // New Year's Day
    addDays(easter, 1), // Easter Monday
    kingsDay,
    ...(year % 5 === 0 ? [`${year}-05-05`] : []), // Liberation Day, in lustrum years
    addDays(easter, 39), // Ascension Day
    addDays(easter, 50), // Whit Monday
    `${year}-12-25`, // Christmas Day
    `${year}-12-26`, // Boxing Day
  ]);
}

export const isPublicHoliday = (date: string): boolean => publicHolidays(Number(date.slice(0, 4))).has(date);

/** The date itself when it is a working day (Monday to Friday, not a public holiday), else the next one. */
export function onOrAfterWorkingDay(date: string): string {
  let current = date;
  while (isoWeekday(current) > 5 || isPublicHoliday(current)) current = addDays(current, 1);
  return current;
}
