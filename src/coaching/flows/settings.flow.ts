/**
 * Personal settings: language, time zone, working days and hours, quiet hours, and a pause until a date. The
 * scheduler reads them to deliver only at moments that suit the person.
 */
import type { DialogFrame } from '../../core/dialog.js';
import type { Reply } from '../../core/reply.js';
import { parseDate } from '../dates.js';
import { decided, stepButton, type Decided, type Flow, type FlowContext } from '../flow.js';
import type { Person } from '../model.js';
import type { PersonSettings } from '../ports.js';
import { formatDate, isTimeZone, toLocal } from '../time.js';
import { translator } from '../../i18n/index.js';

type Field = 'language' | 'timezone' | 'hours' | 'days' | 'quiet' | 'pause';
const FIELDS: readonly Field[] = ['language', 'timezone', 'hours', 'days', 'quiet', 'pause'];

const dayNames: Record<string, number> = {
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

export function settingsCard(ctx: FlowContext, person: Person, frame: DialogFrame): Reply {
  const t = ctx.t;
  const days = person.workingHours.days.map((d) => t(`day.${d}` as 'day.1')).join(', ');
  return {
    text: t('settings.title'),
    blocks: [
      {
        kind: 'fields',
        fields: [
          { label: t('settings.language'), value: person.locale === 'nl' ? 'Nederlands' : 'English' },
          { label: t('settings.timezone'), value: person.timeZone },
          { label: t('settings.hours'), value: `${person.workingHours.start}–${person.workingHours.end}` },
          { label: t('settings.days'), value: days },
          {
            label: t('settings.quiet'),
            value: person.quietHours ? `${person.quietHours.start}–${person.quietHours.end}` : t('settings.none'),
          },
          {
            label: t('settings.pause'),
            value: person.pausedUntil
              ? t('settings.pausedUntil', { date: formatDate(person.pausedUntil, ctx.locale) })
              : t('settings.notPaused'),
          },
        ],
      },
      {
        kind: 'buttons',
        buttons: FIELDS.map((f) =>
          stepButton(frame, 'field', t(`settings.change.${f}` as 'settings.change.language'), f),
        ),
      },
      ...(person.pausedUntil
        ? [
            {
              kind: 'buttons' as const,
              buttons: [stepButton(frame, 'resume', t('settings.resume'), undefined, 'primary')],
            },
          ]
        : []),
    ],
  };
}

export const settingsFlow: Flow = {
  name: 'settings',

  async start(ctx, args) {
    const shortcut = typeof args.text === 'string' ? args.text.trim() : '';
    const frame: DialogFrame = { flow: 'settings', step: 'menu', values: { stamp: ctx.turn.revision }, attempts: 0 };
    if (shortcut) {
      const [first = '', ...rest] = shortcut.split(/\s+/);
      const field = fieldOf(first);
      if (field && rest.length) return apply(ctx, field, rest.join(' '));
      if (field) return askField(ctx, field);
    }
    return decided(frame, [settingsCard(ctx, ctx.person, frame)]);
  },

  async handle(ctx, frame, input) {
    const field = frame.values.field as Field | undefined;
    if (input.type === 'action' && input.action === 'repeat')
      return field ? askField(ctx, field, [], frame.attempts) : decided(frame, [settingsCard(ctx, ctx.person, frame)]);
    if (input.type === 'action' && input.action === 'resume')
      return save(ctx, {}, ctx.t('settings.resumed'), ['pausedUntil']);
    if (input.type === 'action' && input.action === 'field') {
      const chosen = fieldOf(input.args[0] ?? '');
      return chosen ? askField(ctx, chosen) : decided(frame, [settingsCard(ctx, ctx.person, frame)]);
    }
    if (input.type === 'action' && input.action === 'value' && field) return apply(ctx, field, input.args[0] ?? '');
    if (input.type === 'text' && field) return apply(ctx, field, input.text);
    if (input.type === 'text') {
      const [first = '', ...rest] = input.text.trim().split(/\s+/);
      const chosen = fieldOf(first);
      if (chosen) return rest.length ? apply(ctx, chosen, rest.join(' ')) : askField(ctx, chosen);
    }
    return decided(frame, [{ text: ctx.t('settings.choose') }, settingsCard(ctx, ctx.person, frame)]);
  },
};

function fieldOf(word: string): Field | undefined {
  const w = word.toLowerCase();
  if (['language', 'taal', 'lang'].includes(w)) return 'language';
  if (['timezone', 'tijdzone', 'tz', 'zone'].includes(w)) return 'timezone';
  if (['hours', 'werktijden', 'uren', 'working'].includes(w)) return 'hours';
  if (['days', 'werkdagen', 'dagen'].includes(w)) return 'days';
  if (['quiet', 'stil', 'stille', 'rust'].includes(w)) return 'quiet';
  if (['pause', 'pauze', 'vacation', 'vakantie'].includes(w)) return 'pause';
  return FIELDS.includes(w as Field) ? (w as Field) : undefined;
}

function askField(ctx: FlowContext, field: Field, preface: readonly string[] = [], attempts = 0): Decided {
  const frame: DialogFrame = { flow: 'settings', step: 'value', values: { field, stamp: ctx.turn.revision }, attempts };
  const before: Reply[] = preface.map((text) => ({ text }));
  if (field === 'language') {
    return decided(frame, [
      ...before,
      {
        text: ctx.t('settings.ask.language'),
        blocks: [
          {
            kind: 'buttons',
            buttons: [stepButton(frame, 'value', 'Nederlands', 'nl'), stepButton(frame, 'value', 'English', 'en')],
          },
        ],
      },
    ]);
  }
  return decided(frame, [...before, { text: ctx.t(`settings.ask.${field}` as 'settings.ask.timezone') }]);
}

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

function apply(ctx: FlowContext, field: Field, raw: string): Decided {
  const text = raw.trim();
  const again = (key: Parameters<typeof ctx.t>[0]) => askField(ctx, field, [ctx.t(key)]);
  switch (field) {
    case 'language': {
      const lower = text.toLowerCase();
      const locale = ['nl', 'nederlands', 'dutch'].includes(lower)
        ? 'nl'
        : ['en', 'english', 'engels'].includes(lower)
          ? 'en'
          : null;
      if (!locale) return again('settings.invalid.language');
      // Confirm in the language just chosen.
      return save({ ...ctx, locale, t: translator(locale) }, { locale }, translator(locale)('settings.language.saved'));
    }
    case 'timezone':
      if (!isTimeZone(text) || !text.includes('/')) return again('settings.invalid.timezone');
      return save(ctx, { timeZone: text }, ctx.t('settings.saved'));
    case 'hours': {
      const r = range(text);
      if (!r || r.start >= r.end) return again('settings.invalid.hours');
      return save(ctx, { workingHours: { ...ctx.person.workingHours, ...r } }, ctx.t('settings.saved'));
    }
    case 'days': {
      const days = [
        ...new Set(
          text
            .toLowerCase()
            .split(/[\s,]+/)
            .map((d) => dayNames[d.slice(0, 2)])
            .filter((d): d is number => d !== undefined),
        ),
      ].sort();
      if (days.length === 0) return again('settings.invalid.days');
      return save(ctx, { workingHours: { ...ctx.person.workingHours, days } }, ctx.t('settings.saved'));
    }
    case 'quiet': {
      if (/^(none|geen|off|uit)$/i.test(text)) return save(ctx, {}, ctx.t('settings.saved'), ['quietHours']);
      const r = range(text);
      if (!r) return again('settings.invalid.quiet');
      return save(ctx, { quietHours: r }, ctx.t('settings.saved'));
    }
    case 'pause': {
      if (/^(none|geen|off|uit|resume|hervat)$/i.test(text))
        return save(ctx, {}, ctx.t('settings.resumed'), ['pausedUntil']);
      const today = toLocal(ctx.now, ctx.person.timeZone).date;
      const parsed = parseDate(text.replace(/^(until|tot)\s+/i, ''), today);
      if (parsed.kind === 'impossible') return askField(ctx, field, [ctx.t('date.impossible')]);
      if (parsed.kind !== 'date' || parsed.date <= today) return again('settings.invalid.pause');
      return save(
        ctx,
        { pausedUntil: parsed.date },
        ctx.t('settings.paused', { date: formatDate(parsed.date, ctx.locale) }),
      );
    }
  }
}

function save(ctx: FlowContext, settings: PersonSettings, text: string, clear: (keyof PersonSettings)[] = []): Decided {
  const updated = { ...ctx.person, ...settings };
  for (const key of clear) delete updated[key];
  const frame: DialogFrame = { flow: 'settings', step: 'menu', values: { stamp: ctx.turn.revision }, attempts: 0 };
  return decided(
    frame,
    [{ text }, settingsCard(ctx, updated as Person, frame)],
    [{ type: 'person.update', personId: ctx.person.id, settings, ...(clear.length ? { clear } : {}) }],
  );
}
