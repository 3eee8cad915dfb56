/**
 * Fixing a conversation's date: planning the next one (the model: before parting, plan the next conversation)
 * or moving one that is planned. The rhythm of the trajectory proposes a date; the bot confirms what it understood.
 */
import { z } from 'zod';
import type { DialogFrame } from '../../core/dialog.js';
import { parseDate } from '../dates.js';
import type { Effect } from '../effects.js';
import { decided, idle, stepButton, type Decided, type Flow, type FlowContext, type FlowInput } from '../flow.js';
import type { Session, Trajectory } from '../model.js';
import { otherId, personName, visibleSession } from '../queries.js';
import { addDays, formatInstant, fromLocal, toLocal } from '../time.js';
import { holidayRegion, onOrAfterWorkingDay } from '../holidays.js';
import { yesOrNo } from '../listen/held.words.js';
import { typedLabel } from '../listen/labels.js';
import { StepTurn, textOf, type StepTable } from './step-table.js';

const STEPS = ['when', 'confirm'] as const;
type Step = (typeof STEPS)[number];

const valuesSchema = z.object({
  stamp: z.number().optional(),
  sessionId: z.string(),
  mode: z.enum(['next', 'move']),
  at: z.string().optional(),
  returnTo: z.string().optional(),
});
type Values = z.infer<typeof valuesSchema>;
type Turn = StepTurn<Step, Values, Session>;

/**
 * The rhythm's proposal: the same local time, cadence days later, moved off the weekend and off a public holiday
 * where the person lives (New Year's Day, Christmas… `holidays.ts`, by time zone) to the next working day.
 */
export function proposeNext(session: Session, trajectory: Trajectory, timeZone: string): Date {
  const local = toLocal(session.startsAt, timeZone);
  const date = onOrAfterWorkingDay(addDays(local.date, trajectory.cadenceDays), holidayRegion(timeZone));
  return fromLocal(date, local.time, timeZone);
}

const steps: StepTable<Step, Values, Session> = {
  when: {
    ask(q) {
      const key = q.values.mode === 'move' ? 'session.move.ask' : 'session.next.ask';
      return q.say({
        text: q.ctx.t(key, { when: formatInstant(q.data.startsAt, q.ctx.person.timeZone, q.ctx.locale) }),
      });
    },
    answer(turn, input) {
      const { ctx } = turn;
      if (input.type !== 'text') return turn.again();
      const parsed = parseDate(input.text, toLocal(ctx.now, ctx.person.timeZone).date);
      if (parsed.kind === 'impossible') return turn.again(ctx.t('date.impossible'));
      if (parsed.kind === 'unknown') return turn.again(ctx.t('date.unknown'));
      const time = parsed.time ?? toLocal(turn.data.startsAt, ctx.person.timeZone).time;
      const at = fromLocal(parsed.date, time, ctx.person.timeZone);
      if (at.getTime() <= ctx.now.getTime()) return turn.again(ctx.t('date.past'));
      return turn.ask('confirm', { values: { ...turn.values, at: at.toISOString() } });
    },
  },
  confirm: {
    ask(q) {
      const when = formatInstant(new Date(q.values.at ?? 0), q.ctx.person.timeZone, q.ctx.locale);
      const buttons = [
        q.button('yes', q.ctx.t('button.yes'), undefined, 'primary'),
        q.button('other', q.ctx.t('button.otherDate')),
      ];
      return q.say({ text: q.ctx.t('session.confirm', { when }), blocks: [{ kind: 'buttons', buttons }] });
    },
    answer(turn, input) {
      // "Another date" pressed, or its label typed.
      if ((input.type === 'action' && input.action === 'other') || typedLabel(textOf(input), ['button.otherDate']))
        return turn.ask('when');
      const pressed = input.type === 'action' && input.action === 'yes';
      const word = pressed ? 'yes' : yesOrNo(textOf(input));
      if (word === 'yes' && turn.values.at) return fix(turn.ctx, turn.values, turn.values.at);
      // Asked once: a date in the reply is a correction ("nee, liever vrijdag"), a bare no asks for the date again,
      // and other words are read as the date itself (with a hint when they are none).
      const today = toLocal(turn.ctx.now, turn.ctx.person.timeZone).date;
      const dated = parseDate(textOf(input), today).kind !== 'unknown';
      if (input.type !== 'text' || (word === 'no' && !dated)) return turn.ask('when');
      return steps.when.answer(turn.at('when'), input);
    },
  },
};

/** Saves the date; back in the after-session flow, on to the evaluation (told first that the answers are shared). */
async function fix(ctx: FlowContext, values: Values, at: string): Promise<Decided> {
  const { sessionId } = values;
  const effect: Effect =
    values.mode === 'move'
      ? { type: 'session.reschedule', sessionId, startsAt: at, byId: ctx.person.id }
      : { type: 'session.next', sessionId, startsAt: at, byId: ctx.person.id };
  const when = formatInstant(new Date(at), ctx.person.timeZone, ctx.locale);
  const text = ctx.t(values.mode === 'move' ? 'session.moved.saved' : 'session.next.saved', { when });
  if (values.returnTo !== 'after') return decided(idle(), [{ text }], [effect]);
  const rating: DialogFrame = {
    flow: 'after',
    step: 'rating',
    values: { sessionId, stamp: ctx.turn.revision },
    attempts: 0,
  };
  const buttons = [1, 2, 3, 4, 5].map((n) => stepButton(rating, 'rate', String(n), String(n)));
  const found = await visibleSession(ctx, sessionId);
  const other = await personName(ctx, found ? otherId(found.trajectory, ctx.person.id) : undefined);
  const ask = `${ctx.t('after.shared.note', { other })}\n${ctx.t('after.rating.ask')}`;
  return decided(rating, [{ text }, { text: ask, blocks: [{ kind: 'buttons', buttons }] }], [effect]);
}

const stepSchema = z.enum(STEPS);

async function turnFor(ctx: FlowContext, frame: DialogFrame): Promise<Turn | Decided> {
  const values = valuesSchema.safeParse(frame.values);
  const step = stepSchema.safeParse(frame.step);
  const found = values.success ? await visibleSession(ctx, values.data.sessionId) : null;
  if (!found || !values.success || !step.success) return decided(idle(), [{ text: ctx.t('notFound') }]);
  return new StepTurn('session', ctx, found.session, values.data, step.data, frame.attempts, steps);
}

export const sessionFlow: Flow = {
  name: 'session',

  async start(ctx, args) {
    const found = await visibleSession(ctx, String(args.sessionId ?? ''));
    if (!found) return decided(idle(), [{ text: ctx.t('notFound') }]);
    const values: Values = {
      sessionId: found.session.id,
      mode: args.mode === 'move' ? 'move' : 'next',
      ...(typeof args.returnTo === 'string' ? { returnTo: args.returnTo } : {}),
    };
    const turn = new StepTurn<Step, Values, Session>('session', ctx, found.session, values, 'when', 0, steps);
    if (typeof args.text === 'string') return StepTurn.handle(turn, { type: 'text', text: args.text });
    return turn.ask('when');
  },

  async handle(ctx, frame, input: FlowInput) {
    const turn = await turnFor(ctx, frame);
    return turn instanceof StepTurn ? StepTurn.handle(turn, input) : turn;
  },
};
