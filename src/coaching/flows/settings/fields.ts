/**
 * The settings as a table: each field's question and how its answer is read sit together. An answer is either the
 * change to save (with what to say) or a hint to ask again with.
 */
import type { DialogFrame } from '../../../core/dialog.js';
import type { Reply } from '../../../core/reply.js';
import { translator, type Translate } from '../../../i18n/index.js';
import { parseDate } from '../../dates.js';
import { stepButton, type FlowContext } from '../../flow.js';
import type { Person } from '../../model.js';
import type { PersonSettings } from '../../ports.js';
import { formatDate, isTimeZone, toLocal } from '../../time.js';

export const FIELDS = ['language', 'timezone', 'hours', 'days', 'quiet', 'pause'] as const;
export type Field = (typeof FIELDS)[number];

/** A change to settings as read from an answer: only the fields that change (clearing is said with `clear`). */
export type SettingsChange = Partial<Pick<Person, keyof PersonSettings>>;

export type Reading =
  | {
      readonly kind: 'save';
      readonly settings: SettingsChange;
      readonly clear?: readonly (keyof PersonSettings)[];
      /** What to say, in the language the person has after the change. */
      readonly said: (t: Translate) => string;
    }
  | { readonly kind: 'again'; readonly hint: string };

interface FieldDef {
  ask(ctx: FlowContext, frame: DialogFrame): Reply;
  read(ctx: FlowContext, text: string): Reading;
}

const saved = (settings: SettingsChange, clear?: (keyof PersonSettings)[]): Reading => ({
  kind: 'save',
  settings,
  ...(clear ? { clear } : {}),
  said: (t) => t('settings.saved'),
});
const again = (ctx: FlowContext, key: Parameters<Translate>[0]): Reading => ({ kind: 'again', hint: ctx.t(key) });

const dayNames: Readonly<Record<string, number>> = {
  mo: 1,
  ma: 1,
  tu: 2,
  di: 2,
  we: 3,
  wo: 3,
  th: 4,
  do: 4,
  fr: 5,
  vr: 5,
  sa: 6,
  za: 6,
  su: 7,
  zo: 7,
};

const hhmm = (s: string): string | null => {
  const m = s.trim().match(/^(\d{1,2})(?:[:.](\d{2}))?$/);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  return h <= 23 && min <= 59 ? `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}` : null;
};

function range(text: string): { start: string; end: string } | null {
  const parts = text.split(/\s*(?:-|–|to|tot|until)\s*/i);
  if (parts.length !== 2) return null;
  const start = hhmm(parts[0] ?? '');
  const end = hhmm(parts[1] ?? '');
  return start && end && start !== end ? { start, end } : null;
}

const typedQuestion = (key: Parameters<Translate>[0]) => (ctx: FlowContext) => ({ text: ctx.t(key) });

export const settingFields: { readonly [F in Field]: FieldDef } = {
  language: {
    ask: (ctx, frame) => ({
      text: ctx.t('settings.ask.language'),
      blocks: [
        {
          kind: 'buttons',
          buttons: [stepButton(frame, 'value', 'Nederlands', 'nl'), stepButton(frame, 'value', 'English', 'en')],
        },
      ],
    }),
    read(ctx, text) {
      const lower = text.toLowerCase();
      const locale = ['nl', 'nederlands', 'dutch'].includes(lower)
        ? 'nl'
        : ['en', 'english', 'engels'].includes(lower)
          ? 'en'
          : null;
      if (!locale) return again(ctx, 'settings.invalid.language');
      // Confirm in the language just chosen.
      return { kind: 'save', settings: { locale }, said: () => translator(locale)('settings.language.saved') };
    },
  },
  timezone: {
    ask: typedQuestion('settings.ask.timezone'),
    read: (ctx, text) =>
      isTimeZone(text) && text.includes('/') ? saved({ timeZone: text }) : again(ctx, 'settings.invalid.timezone'),
  },
  hours: {
    ask: typedQuestion('settings.ask.hours'),
    read(ctx, text) {
      const r = range(text);
      if (!r || r.start >= r.end) return again(ctx, 'settings.invalid.hours');
      return saved({ workingHours: { ...ctx.person.workingHours, ...r } });
    },
  },
  days: {
    ask: typedQuestion('settings.ask.days'),
    read(ctx, text) {
      const named = text
        .toLowerCase()
        .split(/[\s,]+/)
        .map((d) => dayNames[d.slice(0, 2)])
        .filter((d): d is number => d !== undefined);
      const days = [...new Set(named)].sort();
      if (days.length === 0) return again(ctx, 'settings.invalid.days');
      return saved({ workingHours: { ...ctx.person.workingHours, days } });
    },
  },
  quiet: {
    ask: typedQuestion('settings.ask.quiet'),
    read(ctx, text) {
      if (/^(none|geen|off|uit)$/i.test(text)) return saved({}, ['quietHours']);
      const r = range(text);
      return r ? saved({ quietHours: r }) : again(ctx, 'settings.invalid.quiet');
    },
  },
  pause: {
    ask: typedQuestion('settings.ask.pause'),
    read(ctx, text) {
      if (/^(none|geen|off|uit|resume|hervat)$/i.test(text))
        return { kind: 'save', settings: {}, clear: ['pausedUntil'], said: (t) => t('settings.resumed') };
      const today = toLocal(ctx.now, ctx.person.timeZone).date;
      const parsed = parseDate(text.replace(/^(until|tot)\s+/i, ''), today);
      if (parsed.kind === 'impossible') return again(ctx, 'date.impossible');
      if (parsed.kind !== 'date' || parsed.date <= today) return again(ctx, 'settings.invalid.pause');
      const date = parsed.date;
      return {
        kind: 'save',
        settings: { pausedUntil: date },
        said: (t) => t('settings.paused', { date: formatDate(date, ctx.locale) }),
      };
    },
  },
};

/** A field by its name in either language, as typed ("taal", "tz", "vakantie"…). */
export function fieldOf(word: string): Field | undefined {
  const w = word.toLowerCase();
  if (['language', 'taal', 'lang'].includes(w)) return 'language';
  if (['timezone', 'tijdzone', 'tz', 'zone'].includes(w)) return 'timezone';
  if (['hours', 'werktijden', 'uren', 'working'].includes(w)) return 'hours';
  if (['days', 'werkdagen', 'dagen'].includes(w)) return 'days';
  if (['quiet', 'stil', 'stille', 'rust'].includes(w)) return 'quiet';
  if (['pause', 'pauze', 'vacation', 'vakantie'].includes(w)) return 'pause';
  return FIELDS.find((f) => f === w);
}
