/**
 * The common public holidays where a person lives (read from their time zone: `holidayRegion`), so the rhythm never
 * proposes a day most people are off.
 *
 * The Netherlands (Europe/Amsterdam, and where the time zone names no region we know). The days
 * that are generally free: New Year's Day, Easter Monday, King's Day (27 April, or 26 April when the 27th is a
 * Sunday), Liberation Day (5 May: generally a day off only in lustrum years, 2025, 2030…, so only then), Ascension
 * Day, Whit Monday, Christmas Day and Boxing Day. Easter Sunday and Whit Sunday are Sundays anyway. Good Friday is
 * left out: a day off in some sectors only, and a person can always type another date.
 *
 * England and Wales (Europe/London): the bank holidays, New Year's Day, Good Friday, Easter Monday, the early May,
 * spring and summer bank holidays, Christmas Day and Boxing Day, with the substitute Monday (or Tuesday) when one
 * falls at a weekend. One-off days (a coronation, a jubilee) are not known.
 *
 * Elsewhere: New Year's Day and Christmas Day only (a typed date is always taken as typed).
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

export type HolidayRegion = 'nl' | 'gb' | 'other';

/** Whose holidays apply, from the person's time zone (the Netherlands for Europe/Amsterdam). */
export function holidayRegion(timeZone: string): HolidayRegion {
  if (timeZone === 'Europe/Amsterdam') return 'nl';
  if (timeZone === 'Europe/London') return 'gb';
  return 'other';
}

/** The public holidays of a year that are generally a day off in `region`, as local dates. */
export function publicHolidays(year: number, region: HolidayRegion = 'nl'): ReadonlySet<string> {
  if (region === 'gb') return bankHolidays(year);
  if (region === 'other') return new Set([`${year}-01-01`, `${year}-12-25`]);
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

/** The first (`which` 1) or last (`which` -1) Monday of a month. */
function monday(year: number, month: number, which: 1 | -1): string {
  if (which === 1) {
    const first = `${year}-${pad(month)}-01`;
    return addDays(first, (8 - isoWeekday(first)) % 7);
  }
  const last = addDays(month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`, -1);
  return addDays(last, -((isoWeekday(last) + 6) % 7));
}

/** The bank holidays of England and Wales, substitute days included. */
function bankHolidays(year: number): ReadonlySet<string> {
  const easter = easterSunday(year);
  const newYear = `${year}-01-01`;
  const newYearOff =
    isoWeekday(newYear) === 6 ? addDays(newYear, 2) : isoWeekday(newYear) === 7 ? addDays(newYear, 1) : newYear;
  const christmas = `${year}-12-25`;
  const weekday = isoWeekday(christmas);
  // Christmas on a Saturday: Monday 27th and Tuesday 28th; on a Sunday: Boxing Day Monday 26th and Tuesday 27th;
  // on a Friday: Boxing Day (a Saturday) moves to Monday 28th.
  const christmasOff =
    weekday === 6
      ? [`${year}-12-27`, `${year}-12-28`]
      : weekday === 7
        ? [`${year}-12-26`, `${year}-12-27`]
        : weekday === 5
          ? [christmas, `${year}-12-28`]
          : [christmas, `${year}-12-26`];
  return new Set([
    newYearOff,
    addDays(easter, -2), // Good Friday
    addDays(easter, 1), // Easter Monday
    monday(year, 5, 1), // early May
    monday(year, 5, -1), // spring
    monday(year, 8, -1), // summer
    ...christmasOff,
  ]);
}

export const isPublicHoliday = (date: string, region: HolidayRegion = 'nl'): boolean =>
  publicHolidays(Number(date.slice(0, 4)), region).has(date);

/** The date itself when it is a working day (Monday to Friday, not a public holiday), else the next one. */
export function onOrAfterWorkingDay(date: string, region: HolidayRegion = 'nl'): string {
  let current = date;
  while (isoWeekday(current) > 5 || isPublicHoliday(current, region)) current = addDays(current, 1);
  return current;
}
