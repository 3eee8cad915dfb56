/**
 * Personal settings: language, time zone, working days and hours, quiet hours, and a pause until a date. The
 * scheduler reads them to deliver only at moments that suit the person. Each field's question and how its answer
 * is read sit together in a table (`settings/fields.ts`).
 */
import { z } from 'zod';
import type { DialogFrame } from '../../core/dialog.js';
import type { Reply } from '../../core/reply.js';
import { translator } from '../../i18n/index.js';
import { decided, stepButton, type Decided, type Flow, type FlowContext } from '../flow.js';
import type { Person } from '../model.js';
import { formatDate } from '../time.js';
import { FIELDS, fieldOf, settingFields, type Field, type Reading } from './settings/fields.js';

const valuesSchema = z.object({ field: z.enum(FIELDS).optional() });

export function settingsCard(ctx: FlowContext, person: Person, frame: DialogFrame): Reply {
  const t = ctx.t;
  const days = person.workingHours.days.map((d) => t(`day.${d}` as 'day.1')).join(', ');
  const quiet = person.quietHours ? `${person.quietHours.start}–${person.quietHours.end}` : t('settings.none');
  const pause = person.pausedUntil
    ? t('settings.pausedUntil', { date: formatDate(person.pausedUntil, ctx.locale) })
    : t('settings.notPaused');
  const resume = stepButton(frame, 'resume', t('settings.resume'), undefined, 'primary');
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
          { label: t('settings.quiet'), value: quiet },
          { label: t('settings.pause'), value: pause },
        ],
      },
      { kind: 'buttons', buttons: FIELDS.map((f) => stepButton(frame, 'field', t(`settings.change.${f}`), f)) },
      ...(person.pausedUntil ? [{ kind: 'buttons' as const, buttons: [resume] }] : []),
    ],
  };
}

const menuFrame = (ctx: FlowContext): DialogFrame => ({
  flow: 'settings',
  step: 'menu',
  values: { stamp: ctx.turn.revision },
  attempts: 0,
});

function askField(ctx: FlowContext, field: Field, preface: readonly string[] = [], attempts = 0): Decided {
  const frame: DialogFrame = { flow: 'settings', step: 'value', values: { field, stamp: ctx.turn.revision }, attempts };
  return decided(frame, [...preface.map((text) => ({ text })), settingFields[field].ask(ctx, frame)]);
}

function apply(ctx: FlowContext, field: Field, raw: string): Decided {
  const reading = settingFields[field].read(ctx, raw.trim());
  return reading.kind === 'again' ? askField(ctx, field, [reading.hint]) : save(ctx, reading);
}

/** Saves the change and shows the settings as they are now, in the person's (possibly new) language. */
function save(ctx: FlowContext, reading: Extract<Reading, { kind: 'save' }>): Decided {
  const { settings } = reading;
  const clear = reading.clear ?? [];
  const locale = settings.locale ?? ctx.locale;
  const now: FlowContext = settings.locale ? { ...ctx, locale, t: translator(locale) } : ctx;
  const updated: Person = { ...ctx.person, ...settings };
  for (const key of clear) delete updated[key];
  const frame = menuFrame(ctx);
  const effect = {
    type: 'person.update' as const,
    personId: ctx.person.id,
    settings,
    ...(clear.length ? { clear } : {}),
  };
  return decided(frame, [{ text: reading.said(now.t) }, settingsCard(now, updated, frame)], [effect]);
}

const resumed = (ctx: FlowContext) =>
  save(ctx, { kind: 'save', settings: {}, clear: ['pausedUntil'], said: (t) => t('settings.resumed') });

export const settingsFlow: Flow = {
  name: 'settings',

  async start(ctx, args) {
    const shortcut = typeof args.text === 'string' ? args.text.trim() : '';
    const frame = menuFrame(ctx);
    if (shortcut) {
      const [first = '', ...rest] = shortcut.split(/\s+/);
      const field = fieldOf(first);
      if (field && rest.length) return apply(ctx, field, rest.join(' '));
      if (field) return askField(ctx, field);
    }
    return decided(frame, [settingsCard(ctx, ctx.person, frame)]);
  },

  async handle(ctx, frame, input) {
    const field = valuesSchema.safeParse(frame.values).data?.field;
    const card = () => settingsCard(ctx, ctx.person, frame);
    if (input.type === 'action' && input.action === 'repeat')
      return field ? askField(ctx, field, [], frame.attempts) : decided(frame, [card()]);
    if (input.type === 'action' && input.action === 'resume') return resumed(ctx);
    if (input.type === 'action' && input.action === 'field') {
      const chosen = fieldOf(input.args[0] ?? '');
      return chosen ? askField(ctx, chosen) : decided(frame, [card()]);
    }
    if (input.type === 'action' && input.action === 'value' && field) return apply(ctx, field, input.args[0] ?? '');
    if (input.type === 'text' && field) return apply(ctx, field, input.text);
    if (input.type === 'text') {
      const [first = '', ...rest] = input.text.trim().split(/\s+/);
      const chosen = fieldOf(first);
      if (chosen) return rest.length ? apply(ctx, chosen, rest.join(' ')) : askField(ctx, chosen);
    }
    return decided(frame, [{ text: ctx.t('settings.choose') }, card()]);
  },
};
