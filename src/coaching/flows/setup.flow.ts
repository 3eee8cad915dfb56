/**
 * Starting a coaching trajectory. The model prefers the employee's initiative, so `start` is the employee's path
 * (goal → coach → rhythm → first conversation → duration → send); a coach can start one for an employee with
 * `coach someone`, and the employee then accepts. The other person is always asked, never enrolled.
 */
import { randomBytes } from 'node:crypto';
import type { DialogFrame } from '../../core/dialog.js';
import type { Reply } from '../../core/reply.js';
import { parseDate } from '../dates.js';
import { decided, idle, stepButton, type Decided, type Flow, type FlowContext, type FlowInput } from '../flow.js';
import { MAX_TEXT } from '../model.js';
import { fromLocal, formatInstant, toLocal } from '../time.js';

type Step = 'goal' | 'who' | 'cadence' | 'first' | 'duration' | 'confirm';

interface Values {
  readonly stamp?: number;
  readonly role?: 'employee' | 'coach';
  readonly goal?: string;
  readonly otherId?: string;
  readonly otherName?: string;
  readonly inviteCode?: string;
  readonly cadenceDays?: number;
  readonly firstAt?: string;
  readonly duration?: number;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const newInviteCode = (): string =>
  Array.from(randomBytes(6), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');

export const setupFlow: Flow = {
  name: 'setup',

  async start(ctx, args) {
    const role = args.role === 'coach' ? 'coach' : 'employee';
    return ask(ctx, { role }, role === 'coach' ? 'who' : 'goal');
  },

  async handle(ctx, frame, input) {
    const values = frame.values as Values;
    const step = frame.step as Step;
    if (input.type === 'action' && input.action === 'repeat') return ask(ctx, values, step, [], frame.attempts);
    switch (step) {
      case 'goal': {
        const text = textOf(input);
        if (!text) return ask(ctx, values, step, [ctx.t('setup.goal.again')], frame.attempts + 1);
        return ask(ctx, { ...values, goal: text }, values.role === 'coach' ? 'cadence' : 'who');
      }
      case 'who': {
        if (input.type === 'action' && input.action === 'code') {
          return ask(
            ctx,
            { ...values, inviteCode: newInviteCode(), otherName: undefined, otherId: undefined },
            'cadence',
          );
        }
        const text = textOf(input);
        if (!text) return ask(ctx, values, step, [], frame.attempts + 1);
        const found = await resolvePerson(ctx, text);
        if (!found)
          return ask(ctx, values, step, [ctx.t('setup.who.notFound', { reference: text })], frame.attempts + 1);
        if (found.id === ctx.person.id) return ask(ctx, values, step, [ctx.t('setup.who.self')], frame.attempts + 1);
        const next = { ...values, otherId: found.id, otherName: found.displayName, inviteCode: undefined };
        return ask(ctx, next, values.role === 'coach' ? 'goal' : 'cadence');
      }
      case 'cadence': {
        const days =
          input.type === 'action' && input.action === 'cadence'
            ? Number(input.args[0])
            : parseCadence(textOf(input) ?? '');
        if (!days || days < 1 || days > 180)
          return ask(ctx, values, step, [ctx.t('setup.cadence.again')], frame.attempts + 1);
        return ask(ctx, { ...values, cadenceDays: days }, 'first');
      }
      case 'first': {
        const text = textOf(input) ?? '';
        const local = toLocal(ctx.now, ctx.person.timeZone);
        const parsed = parseDate(text, local.date);
        if (parsed.kind === 'impossible') return ask(ctx, values, step, [ctx.t('date.impossible')], frame.attempts + 1);
        if (parsed.kind === 'unknown') return ask(ctx, values, step, [ctx.t('date.unknown')], frame.attempts + 1);
        if (!parsed.time) return ask(ctx, values, step, [ctx.t('setup.first.time')], frame.attempts + 1);
        const at = fromLocal(parsed.date, parsed.time, ctx.person.timeZone);
        if (at.getTime() <= ctx.now.getTime()) return ask(ctx, values, step, [ctx.t('date.past')], frame.attempts + 1);
        return ask(ctx, { ...values, firstAt: at.toISOString() }, 'duration');
      }
      case 'duration': {
        const minutes =
          input.type === 'action' && input.action === 'duration'
            ? Number(input.args[0])
            : parseMinutes(textOf(input) ?? '');
        if (!minutes || minutes < 10 || minutes > 480)
          return ask(ctx, values, step, [ctx.t('setup.duration.again')], frame.attempts + 1);
        return ask(ctx, { ...values, duration: minutes }, 'confirm');
      }
      case 'confirm': {
        if (input.type === 'action' && input.action === 'again')
          return ask(ctx, { role: values.role }, values.role === 'coach' ? 'who' : 'goal');
        if (input.type !== 'action' || input.action !== 'send') return ask(ctx, values, step, [], frame.attempts + 1);
        return send(ctx, values);
      }
      default:
        return decided(idle(), [{ text: ctx.t('unknown.idle') }]);
    }
  },
};

function textOf(input: FlowInput): string | null {
  if (input.type !== 'text') return null;
  const t = input.text.trim();
  return t && t.length <= MAX_TEXT ? t : null;
}

export function parseCadence(text: string): number | null {
  const t = text.toLowerCase();
  const n = t.match(/(\d+)/);
  const count = n
    ? Number(n[1])
    : /\b(two|twee)\b/.test(t)
      ? 2
      : /\b(three|drie)\b/.test(t)
        ? 3
        : /\b(four|vier)\b/.test(t)
          ? 4
          : 1;
  if (/(month|maand)/.test(t)) return 28 * count;
  if (/(week|weken|weekly|wekelijks)/.test(t)) return 7 * count;
  if (/(day|dag)/.test(t)) return count;
  return n ? 7 * count : null;
}

export function parseMinutes(text: string): number | null {
  const t = text.toLowerCase();
  const hours = t.match(/(\d+(?:[.,]\d+)?)\s*(h|hour|hours|uur|u)\b/);
  if (hours) return Math.round(Number(hours[1]?.replace(',', '.')) * 60);
  const m = t.match(/(\d+)/);
  return m ? Number(m[1]) : null;
}

/** A colleague by mention or e-mail through the channel's directory, or by e-mail among people already known. */
async function resolvePerson(ctx: FlowContext, reference: string) {
  if (ctx.directory && ctx.from) {
    const found = await ctx.directory.resolve(ctx.from, reference);
    if (found) {
      // Creating the person record for a resolved colleague is the one write a decision makes: an idempotent
      // upsert keyed by their channel identity, needed to address them.
      return ctx.people.upsertByIdentity(found.identity, found.profile, {
        locale: ctx.settings.defaultLocale,
        timeZone: ctx.settings.defaultTimeZone,
        workingHours: { start: ctx.settings.workStart, end: ctx.settings.workEnd, days: [1, 2, 3, 4, 5] },
      });
    }
  }
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(reference)) return ctx.people.findByEmail(reference);
  return null;
}

function ask(ctx: FlowContext, values: Values, step: Step, preface: readonly string[] = [], attempts = 0): Decided {
  const frame: DialogFrame = { flow: 'setup', step, values: { ...values, stamp: ctx.turn.revision }, attempts };
  const t = ctx.t;
  const before: Reply[] = preface.map((text) => ({ text }));
  switch (step) {
    case 'goal':
      return decided(frame, [
        ...before,
        {
          text:
            values.role === 'coach' ? t('setup.goal.askCoach', { name: values.otherName ?? '' }) : t('setup.goal.ask'),
        },
      ]);
    case 'who':
      return decided(frame, [
        ...before,
        {
          text: values.role === 'coach' ? t('setup.who.askCoachee') : t('setup.who.ask'),
          ...(values.role === 'coach'
            ? {}
            : { blocks: [{ kind: 'buttons' as const, buttons: [stepButton(frame, 'code', t('setup.who.code'))] }] }),
        },
      ]);
    case 'cadence':
      return decided(frame, [
        ...before,
        {
          text: t('setup.cadence.ask'),
          blocks: [
            {
              kind: 'buttons',
              buttons: [7, 14, 21, 28].map((d) => stepButton(frame, 'cadence', t('setup.rhythm', { n: d }), String(d))),
            },
          ],
        },
      ]);
    case 'first':
      return decided(frame, [...before, { text: t('setup.first.ask') }]);
    case 'duration':
      return decided(frame, [
        ...before,
        {
          text: t('setup.duration.ask'),
          blocks: [
            {
              kind: 'buttons',
              buttons: [30, 45, 60, 90].map((m) => stepButton(frame, 'duration', t('minutes', { n: m }), String(m))),
            },
          ],
        },
      ]);
    case 'confirm': {
      const when = values.firstAt ? formatInstant(new Date(values.firstAt), ctx.person.timeZone, ctx.locale) : '?';
      const other = values.inviteCode ? t('setup.confirm.viaCode') : (values.otherName ?? '?');
      return decided(frame, [
        ...before,
        {
          text: t('setup.confirm.title'),
          blocks: [
            {
              kind: 'fields',
              fields: [
                { label: t('label.goal'), value: values.goal ?? '' },
                { label: values.role === 'coach' ? t('label.employee') : t('label.coach'), value: other },
                { label: t('label.rhythm'), value: t('setup.rhythm', { n: values.cadenceDays ?? 14 }) },
                { label: t('label.firstSession'), value: when },
                { label: t('label.duration'), value: t('minutes', { n: values.duration ?? 60 }) },
              ],
            },
            {
              kind: 'buttons',
              buttons: [
                stepButton(
                  frame,
                  'send',
                  values.inviteCode ? t('setup.confirm.create') : t('setup.confirm.send'),
                  undefined,
                  'primary',
                ),
                stepButton(frame, 'again', t('button.startOver')),
              ],
            },
          ],
        },
      ]);
    }
  }
}

function send(ctx: FlowContext, values: Values): Decided {
  const role = values.role ?? 'employee';
  const id = ctx.turn.newId('trajectory');
  const employeeId = role === 'employee' ? ctx.person.id : values.otherId;
  const coachId = role === 'coach' ? ctx.person.id : values.otherId;
  if (!employeeId || !values.goal || !values.firstAt || !values.cadenceDays || !values.duration)
    return decided(idle(), [{ text: ctx.t('error.generic') }]);
  const trajectory = {
    id,
    employeeId,
    ...(coachId ? { coachId } : {}),
    ...(values.inviteCode ? { inviteCode: values.inviteCode } : {}),
    proposedBy: role,
    goal: values.goal,
    cadenceDays: values.cadenceDays,
    durationMinutes: values.duration,
    status: 'proposed' as const,
    firstSessionAt: values.firstAt,
  };
  const text = values.inviteCode
    ? ctx.t('setup.sent.code', { code: values.inviteCode })
    : ctx.t('setup.sent', { name: values.otherName ?? '' });
  return decided(idle(), [{ text }], [{ type: 'trajectory.create', trajectory }]);
}
