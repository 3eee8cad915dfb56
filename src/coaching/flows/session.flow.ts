/**
 * Fixing a conversation's date: planning the next one (the model: before parting, plan the next conversation)
 * or moving one that is planned. The rhythm of the trajectory proposes a date; the bot confirms what it understood.
 */
import type { DialogFrame } from '../../core/dialog.js';
import type { Reply } from '../../core/reply.js';
import { parseDate } from '../dates.js';
import type { Effect } from '../effects.js';
import { decided, idle, stepButton, type Decided, type Flow, type FlowContext } from '../flow.js';
import type { Session, Trajectory } from '../model.js';
import { visibleSession } from '../queries.js';
import { addDays, formatInstant, fromLocal, isoWeekday, toLocal } from '../time.js';

type Step = 'when' | 'confirm';

interface Values {
  readonly stamp?: number;
  readonly sessionId: string;
  readonly mode: 'next' | 'move';
  readonly at?: string;
  readonly returnTo?: string;
}

/** The rhythm's proposal: the same local time, cadence days later, moved off the weekend. */
export function proposeNext(session: Session, trajectory: Trajectory, timeZone: string): Date {
  const local = toLocal(session.startsAt, timeZone);
  let date = addDays(local.date, trajectory.cadenceDays);
  while (isoWeekday(date) > 5) date = addDays(date, 1);
  return fromLocal(date, local.time, timeZone);
}

export const sessionFlow: Flow = {
  name: 'session',

  async start(ctx, args) {
    const found = await visibleSession(ctx, String(args.sessionId ?? ''));
    if (!found) return decided(idle(), [{ text: ctx.t('notFound') }]);
    const mode = args.mode === 'move' ? 'move' : 'next';
    const values: Values = {
      sessionId: found.session.id,
      mode,
      ...(typeof args.returnTo === 'string' ? { returnTo: args.returnTo } : {}),
    };
    if (typeof args.text === 'string')
      return sessionFlow.handle(ctx, frameOf(ctx, values, 'when', 0), { type: 'text', text: args.text });
    return ask(ctx, found.session, values, 'when');
  },

  async handle(ctx, frame, input) {
    const values = frame.values as unknown as Values;
    const found = await visibleSession(ctx, values.sessionId);
    if (!found) return decided(idle(), [{ text: ctx.t('notFound') }]);
    const step = frame.step as Step;
    if (input.type === 'action' && input.action === 'repeat')
      return ask(ctx, found.session, values, step, [], frame.attempts);
    if (step === 'when') {
      if (input.type !== 'text') return ask(ctx, found.session, values, step, [], frame.attempts + 1);
      const local = toLocal(ctx.now, ctx.person.timeZone);
      const parsed = parseDate(input.text, local.date);
      if (parsed.kind === 'impossible')
        return ask(ctx, found.session, values, step, [ctx.t('date.impossible')], frame.attempts + 1);
      if (parsed.kind === 'unknown')
        return ask(ctx, found.session, values, step, [ctx.t('date.unknown')], frame.attempts + 1);
      const time = parsed.time ?? toLocal(found.session.startsAt, ctx.person.timeZone).time;
      const at = fromLocal(parsed.date, time, ctx.person.timeZone);
      if (at.getTime() <= ctx.now.getTime())
        return ask(ctx, found.session, values, step, [ctx.t('date.past')], frame.attempts + 1);
      return ask(ctx, found.session, { ...values, at: at.toISOString() }, 'confirm');
    }
    if (input.type === 'action' && input.action === 'other') return ask(ctx, found.session, values, 'when');
    const yes =
      (input.type === 'action' && input.action === 'yes') ||
      (input.type === 'text' && /^(yes|ja|ok|oké|prima|klopt)\b/i.test(input.text.trim()));
    if (!yes || !values.at) return ask(ctx, found.session, values, step, [], frame.attempts + 1);
    const effect: Effect =
      values.mode === 'move'
        ? { type: 'session.reschedule', sessionId: values.sessionId, startsAt: values.at, byId: ctx.person.id }
        : { type: 'session.next', sessionId: values.sessionId, startsAt: values.at, byId: ctx.person.id };
    const when = formatInstant(new Date(values.at), ctx.person.timeZone, ctx.locale);
    const text = ctx.t(values.mode === 'move' ? 'session.moved.saved' : 'session.next.saved', { when });
    if (values.returnTo === 'after') {
      // Back to the after-session flow: on to the evaluation.
      const frameAfter: DialogFrame = {
        flow: 'after',
        step: 'rating',
        values: { sessionId: values.sessionId, stamp: ctx.turn.revision },
        attempts: 0,
      };
      return decided(
        frameAfter,
        [
          { text },
          {
            text: ctx.t('after.rating.ask'),
            blocks: [
              {
                kind: 'buttons',
                buttons: [1, 2, 3, 4, 5].map((n) => stepButton(frameAfter, 'rate', String(n), String(n))),
              },
            ],
          },
        ],
        [effect],
      );
    }
    return decided(idle(), [{ text }], [effect]);
  },
};

function frameOf(ctx: FlowContext, values: Values, step: Step, attempts: number): DialogFrame {
  return { flow: 'session', step, values: { ...values, stamp: ctx.turn.revision }, attempts };
}

function ask(
  ctx: FlowContext,
  session: Session,
  values: Values,
  step: Step,
  preface: readonly string[] = [],
  attempts = 0,
): Decided {
  const frame = frameOf(ctx, values, step, attempts);
  const before: Reply[] = preface.map((text) => ({ text }));
  if (step === 'when') {
    const key = values.mode === 'move' ? 'session.move.ask' : 'session.next.ask';
    return decided(frame, [
      ...before,
      { text: ctx.t(key, { when: formatInstant(session.startsAt, ctx.person.timeZone, ctx.locale) }) },
    ]);
  }
  const when = formatInstant(new Date(values.at ?? 0), ctx.person.timeZone, ctx.locale);
  return decided(frame, [
    ...before,
    {
      text: ctx.t('session.confirm', { when }),
      blocks: [
        {
          kind: 'buttons',
          buttons: [
            stepButton(frame, 'yes', ctx.t('button.yes'), undefined, 'primary'),
            stepButton(frame, 'other', ctx.t('button.otherDate')),
          ],
        },
      ],
    },
  ]);
}
