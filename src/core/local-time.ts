/**
 * Local calendar arithmetic in a person's IANA time zone, with nothing but `Intl` (no date library).
 *
 * Storage is UTC; local time matters only when planning ("09:00 their time, two working days before") and when
 * delivering ("not in their quiet hours"). A local date is a `YYYY-MM-DD` string and a local time is minutes after
 * local midnight, so DST never leaks into the arithmetic: `zonedTimeToUtc` is the one place that turns a local wall
 * time into an instant, and it decides the two DST edge cases once:
 *  - a wall time that does not exist (the spring-forward gap, 02:30 on the last Sunday of March in Amsterdam) moves
 *    forward by the gap, to 03:30;
 *  - a wall time that happens twice (the autumn fall-back hour) resolves to one of the two, consistently.
 */

/** ISO weekday: 1 = Monday … 7 = Sunday (the `workingHours.days` convention). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface LocalParts {
  readonly date: string;
  /** Minutes after local midnight, 0…1439. */
  readonly minutes: number;
  readonly weekday: IsoWeekday;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a zone `Intl` knows (people's settings are validated on write, but a bad one must not stop a tick). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone to compute in: the person's, or UTC when it is unknown to this runtime. */
export function safeZone(timeZone: string | undefined): string {
  return timeZone && isValidTimeZone(timeZone) ? timeZone : 'UTC';
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallClock(instantMs: number, timeZone: string): WallClock {
  const out: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return {
    year: out.year ?? 1970,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

/**
 * Offsets by zone and UTC minute. `formatToParts` costs microseconds and a tick asks for the same few local times
 * (09:00 on the same days) over and over; zone transitions fall on whole minutes, so a minute never straddles one.
 */
const offsetCache = new Map<string, number>();
const OFFSET_CACHE_MAX = 50_000;

/** The zone's offset from UTC at an instant, in ms (Amsterdam in summer: +7_200_000). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const minute = Math.floor(instantMs / 60_000);
  const key = `${timeZone}|${minute}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const w = wallClock(minute * 60_000, timeZone);
  const offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - minute * 60_000;
  if (offsetCache.size >= OFFSET_CACHE_MAX) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export const formatDate = (year: number, month: number, day: number): string =>
  `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** Parses `YYYY-MM-DD`; throws on anything else (callers pass validated dates). */
export function parseDate(date: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a local date: ${date}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** The local calendar date, time of day and weekday of an instant in a zone. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const local = new Date(instant.getTime() + zoneOffsetMs(instant.getTime(), timeZone));
  const date = formatDate(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
  return { date, minutes: local.getUTCHours() * 60 + local.getUTCMinutes(), weekday: weekdayOf(date) };
}

export const localDate = (instant: Date, timeZone: string): string => localParts(instant, timeZone).date;

/** The weekday of a calendar date (the same everywhere: a date has no zone). */
export function weekdayOf(date: string): IsoWeekday {
  const { year, month, day } = parseDate(date);
  const js = new Date(Date.UTC(year, month - 1, day)).getUTCDay(); // 0 = Sunday
  return (js === 0 ? 7 : js) as IsoWeekday;
}

/** Calendar arithmetic on local dates (no zone involved). */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parseDate(date);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** `HH:MM` → minutes after midnight. */
export function parseHhmm(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new RangeError(`not a time of day: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` + `minutes` (minutes may be 1440: next midnight).
 * Nonexistent wall times (DST gap) move forward by the gap; repeated ones (DST overlap) resolve consistently.
 */
export function zonedTimeToUtc(date: string, minutes: number, timeZone: string): Date {
  const { year, month, day } = parseDate(date);
  const wallAsUtc = Date.UTC(year, month - 1, day, 0, minutes);
  const offsetGuess = zoneOffsetMs(wallAsUtc, timeZone);
  const first = wallAsUtc - offsetGuess;
  const offsetFirst = zoneOffsetMs(first, timeZone);
  if (offsetFirst === offsetGuess) return new Date(first);
  const second = wallAsUtc - offsetFirst;
  if (zoneOffsetMs(second, timeZone) === offsetFirst) return new Date(second);
  // In the gap: neither reading is consistent. The later one is the wall time shifted forward by the gap.
  return new Date(Math.max(first, second));
}

/** Local midnight at the start of the day after the instant's local date. */
export function startOfNextLocalDay(instant: Date, timeZone: string): Date {
  return zonedTimeToUtc(addDays(localDate(instant, timeZone), 1), 0, timeZone);
}

/** Working days as a set; an empty or missing list means every day (never "no day at all"). */
export function workingDaySet(days: readonly number[] | undefined): ReadonlySet<number> {
  const valid = (days ?? []).filter((d) => Number.isInteger(d) && d >= 1 && d <= 7);
  return new Set(valid.length > 0 ? valid : [1, 2, 3, 4, 5, 6, 7]);
}

/**
 * Moves `count` working days from `date` (negative: back). Counting starts at the next (or previous) day, so
 * "2 working days before Monday" is Thursday with a Monday–Friday week.
 */
export function addWorkingDays(date: string, count: number, days: readonly number[] | undefined): string {
  const set = workingDaySet(days);
  const step = count < 0 ? -1 : 1;
  let remaining = Math.abs(count);
  let current = date;
  while (remaining > 0) {
    current = addDays(current, step);
    if (set.has(weekdayOf(current))) remaining--;
  }
  return current;
}

/** The date itself when it is a working day, else the working day before it. */
export function onOrBeforeWorkingDay(date: string, days: readonly number[] | undefined): string {
  const set = workingDaySet(days);
  let current = date;
  for (let i = 0; i < 7 && !set.has(weekdayOf(current)); i++) current = addDays(current, -1);
  return current;
}
