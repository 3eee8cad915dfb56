/**
 * Local time in a person's IANA time zone, with nothing but Intl: storage is UTC, planning and rendering are local.
 * DST is handled by asking Intl for the zone's offset at the instant in question.
 */
export interface LocalDateTime {
  readonly date: string; // YYYY-MM-DD
  readonly time: string; // HH:MM
}

const partsCache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    partsCache.set(timeZone, f);
  }
  return f;
}

/** The local calendar date and time of an instant in a zone. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime & { readonly weekday: number; readonly seconds: number } {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return { date, time: `${parts.hour}:${parts.minute}`, weekday: isoWeekday(date), seconds: Number(parts.second) };
}

/** Offset of the zone from UTC at an instant, in minutes (Amsterdam in winter: +60). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const l = toLocal(instant, timeZone);
  const asUtc = Date.parse(`${l.date}T${l.time}:${String(l.seconds).padStart(2, '0')}Z`);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/**
 * The UTC instant of a local date and time in a zone. A time skipped by a DST jump moves forward by the gap; an
 * ambiguous time (clocks going back) takes the first occurrence.
 */
export function fromLocal(date: string, time: string, timeZone: string): Date {
  const naive = Date.parse(`${date}T${time}:00Z`);
  let guess = naive - offsetMinutes(new Date(naive), timeZone) * 60000;
  const second = naive - offsetMinutes(new Date(guess), timeZone) * 60000;
  if (second !== guess) guess = Math.min(guess, second);
  return new Date(guess);
}

/** ISO weekday of a calendar date: Monday 1 … Sunday 7. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** "Friday 4 December 2026" / "vrijdag 4 december 2026". */
export function formatDate(date: string, locale: 'en' | 'nl'): string {
  const parts = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).formatToParts(new Date(`${date}T12:00:00Z`));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/** "Friday 4 December 2026 at 14:00" in the person's zone. */
export function formatInstant(instant: Date, timeZone: string, locale: 'en' | 'nl'): string {
  const l = toLocal(instant, timeZone);
  return `${formatDate(l.date, locale)} ${locale === 'nl' ? 'om' : 'at'} ${l.time}`;
}
