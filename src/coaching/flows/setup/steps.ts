/** The setup conversation as a step table: goal → who → rhythm → first conversation → duration → send. */
import type { Block, Button } from '../../../core/reply.js';
import { parseDate } from '../../dates.js';
import type { Effect } from '../../effects.js';
import { decided, idle, type Decided, type FlowContext, type FlowInput } from '../../flow.js';
import { MAX_TEXT } from '../../model.js';
import { fromLocal, formatInstant, toLocal } from '../../time.js';
import type { StepTable, StepTurn } from '../step-table.js';
import { formatInviteCode } from '../../walls.js';
import { findColleague } from './colleague.js';
import { newInviteCode, parseCadence, parseMinutes, type SetupStep, type SetupValues } from './values.js';

type Turn = StepTurn<SetupStep, SetupValues, null>;
type SetupTable = StepTable<SetupStep, SetupValues, null>;

/** Typed text within bounds, or null (a button, nothing typed, or too long). */
function typed(input: FlowInput): string | null {
  if (input.type !== 'text') return null;
  const t = input.text.trim();
  return t && t.length <= MAX_TEXT ? t : null;
}

const choices = (buttons: Button[]): Block => ({ kind: 'buttons', buttons });

export const setupSteps: SetupTable = {
  goal: {
    ask: (q) =>
      q.say({
        text:
          q.values.role === 'coach'
            ? q.ctx.t('setup.goal.askCoach', { name: q.values.otherName ?? '' })
            : q.ctx.t('setup.goal.ask'),
      }),
    answer(turn, input) {
      const text = typed(input);
      if (!text) return turn.again(turn.ctx.t('setup.goal.again'));
      return turn.ask(turn.values.role === 'coach' ? 'cadence' : 'who', { values: { ...turn.values, goal: text } });
    },
  },
  who: {
    ask: (q) =>
      q.values.role === 'coach'
        ? q.say({ text: q.ctx.t('setup.who.askCoachee') })
        : q.say({ text: q.ctx.t('setup.who.ask'), blocks: [choices([q.button('code', q.ctx.t('setup.who.code'))])] }),
    answer: answerWho,
  },
  cadence: {
    ask: (q) =>
      q.say({
        text: q.ctx.t('setup.cadence.ask'),
        blocks: [
          choices([7, 14, 21, 28].map((d) => q.button('cadence', q.ctx.t('setup.rhythm', { n: d }), String(d)))),
        ],
      }),
    answer(turn, input) {
      const days =
        input.type === 'action' && input.action === 'cadence'
          ? Number(input.args[0])
          : parseCadence(typed(input) ?? '');
      if (!days || days < 1 || days > 180) return turn.again(turn.ctx.t('setup.cadence.again'));
      return turn.ask('first', { values: { ...turn.values, cadenceDays: days } });
    },
  },
  first: {
    ask: (q) => q.say({ text: q.ctx.t('setup.first.ask') }),
    answer(turn, input) {
      const { ctx } = turn;
      const parsed = parseDate(typed(input) ?? '', toLocal(ctx.now, ctx.person.timeZone).date);
      if (parsed.kind === 'impossible') return turn.again(ctx.t('date.impossible'));
      if (parsed.kind === 'unknown') return turn.again(ctx.t('date.unknown'));
      if (!parsed.time) return turn.again(ctx.t('setup.first.time'));
      const at = fromLocal(parsed.date, parsed.time, ctx.person.timeZone);
      if (at.getTime() <= ctx.now.getTime()) return turn.again(ctx.t('date.past'));
      return turn.ask('duration', { values: { ...turn.values, firstAt: at.toISOString() } });
    },
  },
  duration: {
    ask: (q) =>
      q.say({
        text: q.ctx.t('setup.duration.ask'),
        blocks: [choices([30, 45, 60, 90].map((m) => q.button('duration', q.ctx.t('minutes', { n: m }), String(m))))],
      }),
    answer(turn, input) {
      const minutes =
        input.type === 'action' && input.action === 'duration'
          ? Number(input.args[0])
          : parseMinutes(typed(input) ?? '');
      if (!minutes || minutes < 10 || minutes > 480) return turn.again(turn.ctx.t('setup.duration.again'));
      return turn.ask('confirm', { values: { ...turn.values, duration: minutes } });
    },
  },
  confirm: {
    ask(q) {
      const { t } = q.ctx;
      const v = q.values;
      const when = v.firstAt ? formatInstant(new Date(v.firstAt), q.ctx.person.timeZone, q.ctx.locale) : '?';
      const other = v.inviteCode ? t('setup.confirm.viaCode') : (v.otherName ?? '?');
      const fields = [
        { label: t('label.goal'), value: v.goal ?? '' },
        { label: v.role === 'coach' ? t('label.employee') : t('label.coach'), value: other },
        { label: t('label.rhythm'), value: t('setup.rhythm', { n: v.cadenceDays ?? 14 }) },
        { label: t('label.firstSession'), value: when },
        { label: t('label.duration'), value: t('minutes', { n: v.duration ?? 60 }) },
      ];
      const send = v.inviteCode ? t('setup.confirm.create') : t('setup.confirm.send');
      return q.say({
        text: t('setup.confirm.title'),
        blocks: [
          { kind: 'fields', fields },
          choices([q.button('send', send, undefined, 'primary'), q.button('again', t('button.startOver'))]),
        ],
      });
    },
    answer(turn, input) {
      const role = turn.values.role;
      if (input.type === 'action' && input.action === 'again')
        return turn.ask(role === 'coach' ? 'who' : 'goal', { values: role ? { role } : {} });
      const typedYes = input.type === 'text' && YES.test(input.text.trim());
      if (!typedYes && (input.type !== 'action' || input.action !== 'send')) return turn.again();
      return send(turn.ctx, turn.values);
    },
  },
};

/** A typed yes to "Shall I send the invitation?", in English or Dutch. */
const YES =
  /^(yes|yep|sure|please|send( it)?|go ahead|ok|okay|ja|graag|verstuur( maar)?|versturen|stuur maar|prima|oké|ok[eé]|klopt|doe maar)\b/i;

async function answerWho(turn: Turn, input: FlowInput): Promise<Decided> {
  const { ctx, values } = turn;
  if (input.type === 'action' && input.action === 'code') {
    const { otherName: _n, otherId: _i, other: _o, ...rest } = values;
    return turn.ask('cadence', { values: { ...rest, inviteCode: newInviteCode() } });
  }
  const text = typed(input);
  if (!text) return turn.again();
  const found = await findColleague(ctx, text);
  if (!found) return turn.again(ctx.t('setup.who.notFound', { reference: text }));
  if (found.id === ctx.person.id) return turn.again(ctx.t('setup.who.self'));
  const { inviteCode: _c, otherId: _i, other: _o, ...rest } = values;
  const next: SetupValues = {
    ...rest,
    ...(found.id ? { otherId: found.id } : {}),
    otherName: found.name,
    ...(found.other ? { other: found.other } : {}),
  };
  return turn.ask(values.role === 'coach' ? 'goal' : 'cadence', { values: next });
}

function send(ctx: FlowContext, values: SetupValues): Decided {
  const role = values.role ?? 'employee';
  const employeeId = role === 'employee' ? ctx.person.id : values.otherId;
  const coachId = role === 'coach' ? ctx.person.id : values.otherId;
  const { goal, firstAt, cadenceDays, duration, other } = values;
  if ((!employeeId && !other) || !goal || !firstAt || !cadenceDays || !duration)
    return decided(idle(), [{ text: ctx.t('error.generic') }]);
  const { settings } = ctx;
  const effect: Effect = {
    type: 'trajectory.create',
    trajectory: {
      id: ctx.turn.newId('trajectory'),
      ...(employeeId ? { employeeId } : {}),
      ...(coachId ? { coachId } : {}),
      ...(values.inviteCode ? { inviteCode: values.inviteCode } : {}),
      proposedBy: role,
      goal,
      cadenceDays,
      durationMinutes: duration,
      status: 'proposed',
      firstSessionAt: firstAt,
    },
    ...(other
      ? {
          invitee: {
            role: role === 'employee' ? 'coach' : 'employee',
            ...other,
            defaults: {
              locale: settings.defaultLocale,
              timeZone: settings.defaultTimeZone,
              workingHours: { start: settings.workStart, end: settings.workEnd, days: [1, 2, 3, 4, 5] },
            },
          },
        }
      : {}),
  };
  const text = values.inviteCode
    ? ctx.t('setup.sent.code', { code: formatInviteCode(values.inviteCode) })
    : ctx.t('setup.sent', { name: values.otherName ?? '' });
  return decided(idle(), [{ text }], [effect]);
}
