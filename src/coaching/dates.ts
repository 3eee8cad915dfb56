/**
 * Understands dates as people type them, in Dutch and English: "vrijdag", "over twee weken", "next Friday",
 * "15 jan", "2027-01-15", "morgen om 14:00". The bot always confirms the date it understood, so a friendly guess
 * beats a refusal; a date that cannot exist ("30 februari") is reported as impossible rather than guessed.
 */
import { addWorkingDays } from '../core/local-time.js';
import { addDays, isValidDate, isoWeekday } from './time.js';
import { dutchHours, months, numbers, weekdays } from './date.words.js';

export type ParsedDate =
  | { readonly kind: 'date'; readonly date: string; readonly time?: string }
  | { readonly kind: 'impossible' }
  | { readonly kind: 'unknown' };

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Extracts a time of day ("14:00", "14.30", "2pm", "14u", "om 9 uur", "at 10", "half drie", "3 o'clock") and returns
 * it with the rest of the text. An hour from 1 to 6 without am/pm is read as the afternoon ("at 3" is 15:00), as
 * coaching conversations happen in working hours; "03:00" written with its zero stays as written.
 */
export function extractTime(text: string): { time?: string; rest: string } {
  const at = String.raw`\b(?:at|om)?\s*`;
  const patterns: [RegExp, (m: RegExpMatchArray) => string | undefined][] = [
    [
      new RegExp(at + String.raw`(\d{1,2})[:.](\d{2})(?![.:/-]?\d)\s*(am|pm)?\b`, 'i'),
      (m) => hm(m[1]!, Number(m[2]), m[3]),
    ],
    [new RegExp(at + String.raw`(\d{1,2})\s*(am|pm)\b`, 'i'), (m) => hm(m[1]!, 0, m[2])],
    [
      new RegExp(at + String.raw`(\d{1,2})\s*(?:u|uur|h|o'clock|o’clock)(?![\p{L}\d])`, 'iu'),
      (m) => hm(m[1]!, 0, undefined),
    ],
    [/\b(?:om\s+half\s+(\d{1,2})|(?:om\s+)?half\s+([a-zé]+))\b/i, (m) => halfPast(m[1] ?? m[2]!)],
    [/\b(?:at|om)\s+(\d{1,2})\b(?![.:/-]?\d)/i, (m) => hm(m[1]!, 0, undefined)],
  ];
  for (const [re, fn] of patterns) {
    const m = text.match(re);
    if (m) {
      const time = fn(m);
      if (time) return { time, rest: (text.slice(0, m.index) + ' ' + text.slice((m.index ?? 0) + m[0].length)).trim() };
    }
  }
  return { rest: text };
}

/** Dutch "half drie" / "om half 3" is half an hour before three: 14:30 (in working hours, like every bare hour). */
function halfPast(word: string): string | undefined {
  const hour = /^\d+$/.test(word) ? Number(word) : dutchHours[word.toLowerCase()];
  if (hour === undefined || hour < 1 || hour > 12) return undefined;
  return hm(String(hour - 1 === 0 ? 12 : hour - 1), 30, undefined);
}

function hm(typed: string, m: number, ampm: string | undefined): string | undefined {
  const h = Number(typed);
  let hour = h;
  if (ampm) {
    if (h < 1 || h > 12) return undefined;
    hour = (h % 12) + (ampm.toLowerCase() === 'pm' ? 12 : 0);
  } else if (h >= 1 && h <= 6 && !typed.startsWith('0')) hour = h + 12;
  if (hour > 23 || m > 59) return undefined;
  return `${pad(hour)}:${pad(m)}`;
}

/**
 * Parses a date relative to `today` (the person's local date). Past dates are returned as given; the caller
 * decides whether the past is acceptable.
 */
export function parseDate(input: string, today: string): ParsedDate {
  const { time, rest } = extractTime(input.trim().toLowerCase());
  const text = dayParts(rest)
    .replace(/[,!?]/g, ' ')
    .replace(/\b(\d{1,2})(?:st|nd|rd|th)? of\b/g, '$1') // "the 23rd of December"
    .replace(/\b(?:no later than|at the latest|latest|ten laatste|op (?:z'n|zijn) laatst)\b/g, ' ')
    .replace(/(?<![\p{L}])(?:on|op|by|voor|vóór|tegen|uiterlijk|before|the|de|het|at|om)(?![\p{L}])/gu, ' ')
    // The words around a correction: "no, rather Friday", "nee, liever 8 januari", "maybe then the 18th".
    .replace(
      /\b(no|nope|nee|rather|instead|liever|maybe|perhaps|misschien|then|dan|but|maar|please|graag|make it|maak er)\b/g,
      ' ',
    )
    // A date proposed in a sentence: "let's meet Thursday 7 January", "zullen we donderdag afspreken?"
    .replace(
      /\b(let'?s|let us|shall we|how about|what about|meet|say|laten we|zullen we|wat dacht je van|afspreken)\b/g,
      ' ',
    )
    .replace(/\s+/g, ' ')
    .trim();
  const date = parseDay(text, today);
  if (date === 'impossible') return { kind: 'impossible' };
  if (date === null) {
    if (time && text === '') return { kind: 'date', date: today, time };
    return { kind: 'unknown' };
  }
  return time ? { kind: 'date', date, time } : { kind: 'date', date };
}

/**
 * A date inside a sentence ("we moved it to Friday at 14:00", "verzet naar donderdag 17 december"): the longest run
 * of words that reads as a date, with the time of day anywhere in the text. A single word counts only when it is a
 * whole day name or a named day ("friday", "morgen"), never a short form ("do", "zo" are ordinary Dutch words).
 */
export function dateIn(input: string, today: string): { readonly phrase: string } | null {
  const { time, rest } = extractTime(input.trim().toLowerCase());
  const words = rest
    .split(/[\s,;!?]+/)
    .filter(Boolean)
    .slice(0, 40);
  for (let size = words.length; size >= 1; size--) {
    for (let start = 0; start + size <= words.length; start++) {
      const phrase = words.slice(start, start + size).join(' ');
      if (size === 1 && !/^(?:[a-z]+day|[a-z]+dag|today|tomorrow|vandaag|morgen|overmorgen)$/.test(phrase)) continue;
      if (/^[\p{L}\s]*$/u.test(phrase) && size > 1 && !/[a-z]{4}/.test(phrase)) continue;
      const parsed = parseDate(phrase, today);
      if (parsed.kind === 'date') return { phrase: time ? `${phrase} ${time}` : phrase };
    }
  }
  return null;
}

type Day = string | 'impossible' | null;

/** "tomorrow morning", "morgenochtend", "vanmiddag", "this afternoon": the day, without the part of it. */
function dayParts(text: string): string {
  return text
    .replace(/\b(?:this (?:morning|afternoon|evening)|tonight|vanochtend|vanmorgen|vanmiddag|vanavond)\b/g, 'today')
    .replace(/\b(morgen|tomorrow)\s*(?:ochtend|middag|avond|morning|afternoon|evening)\b/g, '$1')
    .replace(/\b(maandag|dinsdag|woensdag|donderdag|vrijdag)(?:ochtend|middag|avond)\b/g, '$1')
    .replace(/\b([a-z]+day)\s+(?:morning|afternoon|evening)\b/g, '$1');
}

/** The readers of a day, tried in order: written dates, named days, spans from today, weekdays. */
function parseDay(text: string, today: string): Day {
  for (const read of [writtenDate, weekdayAndDate, namedDay, spanFromToday, weekday]) {
    const day = read(text, today);
    if (day !== null) return day;
  }
  return null;
}

/** "2027-01-15", "15-1", "15/01/27", "15 jan", "january 15th 2027". */
function writtenDate(text: string, today: string): Day {
  let m: RegExpMatchArray | null;
  if ((m = text.match(/^(\d{4})-(\d{1,2})-(\d{1,2})(?:t.*)?$/)))
    return checked(Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = text.match(/^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2,4}))?$/))) {
    const y = m[3] ? (m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3])) : undefined;
    return withYear(Number(m[1]), Number(m[2]), y, today);
  }
  if ((m = text.match(/^(\d{1,2})(?:st|nd|rd|th|e)?\s+([a-z]+)\.?(?:\s+(\d{4}))?$/))) {
    const month = months[m[2] ?? ''];
    if (month) return withYear(Number(m[1]), month, m[3] ? Number(m[3]) : undefined, today);
  }
  if ((m = text.match(/^(\d{1,2})(?:st|nd|rd|th|e|ste|de)$/))) return dayOfMonth(Number(m[1]), today);
  if ((m = text.match(/^(?:mid|mid-|medio|half|halverwege)\s*([a-z]+)$/)) && months[m[1] ?? ''])
    return withYear(15, months[m[1] ?? '']!, undefined, today);
  if ((m = text.match(/^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s+(\d{4}))?$/))) {
    const month = months[m[1] ?? ''];
    if (month) return withYear(Number(m[2]), month, m[3] ? Number(m[3]) : undefined, today);
  }
  return null;
}

/** "the 18th", "de 18e": that day of this month, or of the next when it has passed. */
function dayOfMonth(day: number, today: string): Day {
  const [y, mo] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const here = checked(y, mo, day);
  if (here !== 'impossible' && here >= today) return here;
  return mo === 12 ? checked(y + 1, 1, day) : checked(y, mo + 1, day);
}

/** "donderdag 17 december", "thursday 17/12": a weekday before a written date; the date decides. */
function weekdayAndDate(text: string, today: string): Day {
  const m = text.match(/^([a-z]+)\.?\s+(.+)$/);
  return m && weekdays[m[1] ?? ''] !== undefined ? writtenDate(m[2] ?? '', today) : null;
}

/** "today", "morgen", "next week", "end of the month", … */
function namedDay(text: string, today: string): Day {
  if (/^(today|vandaag)$/.test(text)) return today;
  if (/^(tomorrow|morgen)$/.test(text)) return addDays(today, 1);
  if (/^(day after tomorrow|overmorgen)$/.test(text)) return addDays(today, 2);
  if (/^(next week|volgende week|komende week)$/.test(text)) return addDays(today, 7);
  if (/^(end of (the |this )?week|einde? van (de |deze )?week|eind deze week|this week|deze week)$/.test(text))
    return nextWeekday(today, 5, true);
  if (/^(end of next week|einde? (van )?volgende week)$/.test(text))
    return addDays(addDays(today, 8 - isoWeekday(today)), 4);
  if (/^(next month|volgende maand|komende maand)$/.test(text)) return spanFromToday('in 1 month', today);
  if (/^(end of (the )?month|einde? van (de )?maand|eind deze maand)$/.test(text)) {
    const d = new Date(`${today.slice(0, 7)}-01T12:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + 1);
    d.setUTCDate(0);
    return d.toISOString().slice(0, 10);
  }
  return null;
}

/** "in 3 days", "over twee weken", "within 5 working days", "binnen een maand". */
function spanFromToday(text: string, today: string): Day {
  const m = text.match(
    /^(?:in|over|within|binnen)\s+(\S+)\s+(days?|dagen|dag|weeks?|weken|months?|maanden|maand|working days?|werkdagen)$/,
  );
  if (!m) return null;
  const n = numbers[m[1] ?? ''] ?? Number(m[1]);
  if (!Number.isInteger(n) || n < 0 || n > 400) return null;
  const unit = m[2] ?? '';
  if (/^(working|werk)/.test(unit)) return addWorkingDays(today, n, [1, 2, 3, 4, 5]);
  if (/^(day|dag)/.test(unit)) return addDays(today, n);
  if (/^(week|weken)/.test(unit)) return addDays(today, 7 * n);
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}

/** "friday", "next Friday" (the coming one), "vrijdag volgende week" (the one in next week). */
function weekday(text: string, today: string): Day {
  let m: RegExpMatchArray | null;
  if ((m = text.match(/^(?:(next|this|coming|volgende|komende|deze|aanstaande)\s+)?([a-z]+)$/))) {
    const wd = weekdays[m[2] ?? ''];
    if (wd) return nextWeekday(today, wd, false);
  }
  if ((m = text.match(/^([a-z]+)\s+(?:over een week|week)$/)) || (m = text.match(/^a week from\s+([a-z]+)$/))) {
    const wd = weekdays[m[1] ?? ''];
    if (wd) return addDays(nextWeekday(today, wd, false), 7);
  }
  if (
    (m = text.match(/^(?:next week|volgende week)\s+([a-z]+)$/)) ||
    (m = text.match(/^([a-z]+)\s+(?:next week|volgende week)$/))
  ) {
    const wd = weekdays[m[1] ?? ''];
    if (wd) {
      const monday = addDays(today, 8 - isoWeekday(today));
      return addDays(monday, wd - 1);
    }
  }
  return null;
}

function checked(y: number, mo: number, d: number): string | 'impossible' {
  const s = `${y}-${pad(mo)}-${pad(d)}`;
  return isValidDate(s) ? s : 'impossible';
}

function withYear(day: number, month: number, year: number | undefined, today: string): string | 'impossible' {
  if (month < 1 || month > 12 || day < 1 || day > 31) return 'impossible';
  if (year !== undefined) return checked(year, month, day);
  const thisYear = Number(today.slice(0, 4));
  const candidate = checked(thisYear, month, day);
  if (candidate === 'impossible') {
    // 29 February in a year without one may exist next year; otherwise impossible.
    const next = checked(thisYear + 1, month, day);
    return next;
  }
  return candidate < today ? checked(thisYear + 1, month, day) : candidate;
}

function nextWeekday(today: string, weekday: number, includeToday: boolean): string {
  const diff = (weekday - isoWeekday(today) + 7) % 7;
  return addDays(today, diff === 0 && !includeToday ? 7 : diff);
}
