/**
 * Local time for the conversation: the person's calendar date and HH:MM, and dates written the way people read
 * them. The arithmetic (zones, DST, working days) is `core/local-time.ts`, shared with the scheduler.
 */
import { addDays as addLocalDays, isValidTimeZone, localParts, weekdayOf, zonedTimeToUtc } from '../core/local-time.js';

export interface LocalDateTime {
  readonly date: string; // YYYY-MM-DD
  readonly time: string; // HH:MM
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The local calendar date and time of an instant in a zone. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime & { readonly weekday: number } {
  const parts = localParts(instant, timeZone);
  return {
    date: parts.date,
    time: `${pad(Math.floor(parts.minutes / 60))}:${pad(parts.minutes % 60)}`,
    weekday: parts.weekday,
  };
}

/** The UTC instant of a local date and HH:MM in a zone (a time skipped by DST moves forward by the gap). */
export function fromLocal(date: string, time: string, timeZone: string): Date {
  const [h = 0, m = 0] = time.split(':').map(Number);
  return zonedTimeToUtc(date, h * 60 + m, timeZone);
}

export const isoWeekday = (date: string): number => weekdayOf(date);
export const addDays = addLocalDays;
export const isTimeZone = isValidTimeZone;

export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/** "Friday 4 December 2026" / "vrijdag 4 december 2026". */
export function formatDate(date: string, locale: 'en' | 'nl'): string {
  const parts = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatToParts(new Date(`${date}T12:00:00Z`));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/** "Friday 4 December 2026 at 14:00" in the person's zone. */
export function formatInstant(instant: Date, timeZone: string, locale: 'en' | 'nl'): string {
  const l = toLocal(instant, timeZone);
  return `${formatDate(l.date, locale)} ${locale === 'nl' ? 'om' : 'at'} ${l.time}`;
}

/**
 * Whole calendar days from the day of `now` to `date` in the zone: 0 today, 1 tomorrow, -1 yesterday. Words such as
 * "tomorrow" in a message are chosen with this at the moment it is read (a notice is rendered at delivery), never
 * when it was planned.
 */
export function daysFromToday(date: string, now: Date, timeZone: string): number {
  const today = toLocal(now, timeZone).date;
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
