/**
 * Calling off a planned conversation is asked once more first, naming it ("Call off your conversation with Robin of
 * Friday 11 December 2026 at 14:00? I'll let Robin know." [Yes, call it off] [Keep it]), as ending a trajectory is.
 * A flow that was open meanwhile is parked (listen/parked.ts) and asked again afterwards; one that was about this very
 * conversation (preparing or moving it) is set aside with a word once it is called off.
 *
 * Yes (pressed, its label typed, or "yes" / "ja") calls it off and the other person is told; Keep it (or "no") keeps
 * it. A conversation moved meanwhile is asked about again with its new date; one no longer planned is said so.
 */
import { z } from 'zod';
import type { DialogFrame } from '../../core/dialog.js';
import type { Effect } from '../effects.js';
import { decided, idle, type Decided, type Flow, type FlowContext } from '../flow.js';
import { yesOrNo } from '../listen/held.words.js';
import { typedLabel } from '../listen/labels.js';
import type { Session } from '../model.js';
import { otherId, personName, visibleSession } from '../queries.js';
import { formatInstant } from '../time.js';
import { StepTurn, textOf, type StepTable } from './step-table.js';

const STEPS = ['confirm'] as const;
type Step = (typeof STEPS)[number];

const valuesSchema = z.object({
  stamp: z.number().optional(),
  sessionId: z.string(),
  /** The date it was asked about: a move meanwhile asks again with the new one. */
  startsAt: z.string(),
});
type Values = z.infer<typeof valuesSchema>;

interface CallOffData {
  readonly session: Session;
  readonly other: string;
}

const OPEN: readonly Session['status'][] = ['scheduled', 'preparing', 'prepared'];

const whenOf = (ctx: FlowContext, session: Session): string =>
  formatInstant(session.startsAt, ctx.person.timeZone, ctx.locale);

const steps: StepTable<Step, Values, CallOffData> = {
  confirm: {
    ask(q) {
      const buttons = [
        q.button('yes', q.ctx.t('callOff.yes'), undefined, 'danger'),
        q.button('keep', q.ctx.t('callOff.no'), undefined, 'primary'),
      ];
      return q.say({
        text: q.ctx.t('callOff.confirm', { other: q.data.other, when: whenOf(q.ctx, q.data.session) }),
        blocks: [{ kind: 'buttons', buttons }],
      });
    },
    answer(turn, input) {
      const { ctx, data, values } = turn;
      const { session } = data;
      if (!OPEN.includes(session.status)) return decided(idle(), [{ text: ctx.t('callOff.notPlanned') }]);
      if (session.startsAt.toISOString() !== values.startsAt)
        return turn.ask('confirm', {
          values: { ...values, startsAt: session.startsAt.toISOString() },
          preface: [{ text: ctx.t('callOff.movedMeanwhile') }],
        });
      const label = typedLabel(textOf(input), ['callOff.yes', 'callOff.no']);
      const word = input.type === 'action' ? input.action : label === 'callOff.yes' ? 'yes' : label ? 'keep' : null;
      const answer = word ?? (yesOrNo(textOf(input)) === 'no' ? 'keep' : yesOrNo(textOf(input)));
      if (answer === 'yes') return callOff(ctx, session, data.other);
      if (answer === 'keep') return decided(idle(), [{ text: ctx.t('callOff.kept', { when: whenOf(ctx, session) }) }]);
      return turn.again();
    },
  },
};

/** Called off: said with the offer to plan a new date; the other person is told (the effect plans their notice). */
function callOff(ctx: FlowContext, session: Session, other: string): Decided {
  const effect: Effect = { type: 'session.cancel', sessionId: session.id, byId: ctx.person.id };
  const text = ctx.t('callOff.done', { when: whenOf(ctx, session), other });
  const buttons = [
    { action: 'session.plan', label: ctx.t('button.planNext'), value: session.id, style: 'primary' as const },
  ];
  return decided(idle(), [{ text, blocks: [{ kind: 'buttons', buttons }] }], [effect]);
}

async function load(ctx: FlowContext, sessionId: string): Promise<CallOffData | null> {
  const found = await visibleSession(ctx, sessionId);
  if (!found) return null;
  return { session: found.session, other: await personName(ctx, otherId(found.trajectory, ctx.person.id)) };
}

const stepSchema = z.enum(STEPS);

export const callOffFlow: Flow = {
  name: 'callOff',

  async start(ctx, args) {
    const data = await load(ctx, String(args.sessionId ?? ''));
    if (!data) return decided(idle(), [{ text: ctx.t('notFound') }]);
    const values: Values = { sessionId: data.session.id, startsAt: data.session.startsAt.toISOString() };
    return new StepTurn<Step, Values, CallOffData>('callOff', ctx, data, values, 'confirm', 0, steps).ask('confirm');
  },

  async handle(ctx, frame: DialogFrame, input) {
    const values = valuesSchema.safeParse(frame.values);
    const step = stepSchema.safeParse(frame.step);
    const data = values.success ? await load(ctx, values.data.sessionId) : null;
    if (!data || !values.success || !step.success) return decided(idle(), [{ text: ctx.t('notFound') }]);
    return StepTurn.handle(new StepTurn('callOff', ctx, data, values.data, step.data, frame.attempts, steps), input);
  },
};
