/**
 * When a person may be messaged: pure functions over their settings (IANA zone, working days and hours, quiet hours,
 * pause). The dispatcher asks `nextAllowedMoment` for every due item and holds back what falls outside.
 *
 * The rules, decided once:
 *  - A normal item goes out on a working day, within working hours, outside quiet hours, and not while paused.
 *  - An urgent item (a direct answer to something the other person just did: "your coach accepted") ignores
 *    working days and hours, but still waits for the end of quiet hours and of a pause: a phone that buzzes at
 *    23:00 or on holiday is not made better by the news being good.
 *  - `pausedUntil` is inclusive: paused until Friday means messages resume on the first allowed moment after Friday.
 *  - A person without quiet hours gets the default night, 22:00–07:00 (`DEFAULT_QUIET_HOURS`), so an urgent answer
 *    never wakes anyone. Quiet hours whose start equals their end mean none at all (someone who opted out).
 *  - Working hours whose start equals their end mean "any time of day". Windows may wrap past midnight.
 *  - If the settings leave no allowed moment at all (say every minute is quiet), a normal item falls back to the
 *    urgent rule, and that failing too, to "now": a message is never parked forever by a settings mistake.
 */
import {
  addDays,
  localDate,
  parseDate,
  parseHhmm,
  safeZone,
  weekdayOf,
  workingDaySet,
  zonedTimeToUtc,
} from './local-time.js';

export interface DeliveryPrefs {
  readonly timeZone: string;
  readonly workingHours: { readonly start: string; readonly end: string; readonly days: readonly number[] };
  readonly quietHours?: { readonly start: string; readonly end: string } | undefined;
  /** Inclusive local date `YYYY-MM-DD`. */
  readonly pausedUntil?: string | undefined;
}

type Interval = readonly [number, number];

/** The night used for people who set no quiet hours of their own. */
export const DEFAULT_QUIET_HOURS = { start: '22:00', end: '07:00' } as const;

const DAY = 1440;
/** How far ahead to look for an allowed moment before falling back (a pause is skipped in one jump). */
const HORIZON_DAYS = 31;

function safeMinutes(hhmm: string | undefined, fallback: number): number {
  try {
    return hhmm ? parseHhmm(hhmm) : fallback;
  } catch {
    return fallback;
  }
}

/** A daily window as minute intervals within one local day; wrapping windows become two intervals. */
function dailyWindow(start: number, end: number, emptyWhenEqual: boolean): Interval[] {
  if (start === end) return emptyWhenEqual ? [] : [[0, DAY]];
  if (start < end) return [[start, end]];
  return [
    [0, end],
    [start, DAY],
  ];
}

function subtract(base: readonly Interval[], cut: readonly Interval[]): Interval[] {
  let result: Interval[] = [...base];
  for (const [cs, ce] of cut) {
    const next: Interval[] = [];
    for (const [s, e] of result) {
      if (ce <= s || cs >= e) next.push([s, e]);
      else {
        if (cs > s) next.push([s, cs]);
        if (ce < e) next.push([ce, e]);
      }
    }
    result = next;
  }
  return result.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
}

function isValidDate(date: string | undefined): date is string {
  if (!date) return false;
  try {
    parseDate(date);
    return true;
  } catch {
    return false;
  }
}

/** True while the person has paused messages on this local date. */
export function isPaused(prefs: DeliveryPrefs, date: string): boolean {
  return isValidDate(prefs.pausedUntil) && date <= prefs.pausedUntil;
}

/** The minute intervals of one local date in which the person may be messaged. */
export function allowedIntervals(prefs: DeliveryPrefs, date: string, urgent: boolean): Interval[] {
  if (isPaused(prefs, date)) return [];
  let base: Interval[];
  if (urgent) base = [[0, DAY]];
  else if (!workingDaySet(prefs.workingHours.days).has(weekdayOf(date))) base = [];
  else base = dailyWindow(safeMinutes(prefs.workingHours.start, 0), safeMinutes(prefs.workingHours.end, 0), false);
  const q = prefs.quietHours ?? DEFAULT_QUIET_HOURS;
  const quiet = dailyWindow(safeMinutes(q.start, 0), safeMinutes(q.end, 0), true);
  return subtract(base, quiet);
}

function search(prefs: DeliveryPrefs, from: Date, urgent: boolean, timeZone: string): Date | null {
  let date = localDate(from, timeZone);
  if (isValidDate(prefs.pausedUntil) && date <= prefs.pausedUntil) date = addDays(prefs.pausedUntil, 1);
  for (let i = 0; i < HORIZON_DAYS; i++, date = addDays(date, 1)) {
    for (const [s, e] of allowedIntervals(prefs, date, urgent)) {
      const end = zonedTimeToUtc(date, e, timeZone);
      if (end.getTime() <= from.getTime()) continue;
      const start = zonedTimeToUtc(date, s, timeZone);
      return start.getTime() > from.getTime() ? start : from;
    }
  }
  return null;
}

/**
 * The first moment at or after `from` at which an item may be delivered to this person. Equal to `from` when it may
 * go now. DST-safe: windows are wall-clock times converted per date.
 */
export function nextAllowedMoment(prefs: DeliveryPrefs, from: Date, urgent = false): Date {
  const timeZone = safeZone(prefs.timeZone);
  return search(prefs, from, urgent, timeZone) ?? (urgent ? null : search(prefs, from, true, timeZone)) ?? from;
}

export function isAllowedNow(prefs: DeliveryPrefs, at: Date, urgent = false): boolean {
  return nextAllowedMoment(prefs, at, urgent).getTime() === at.getTime();
}
