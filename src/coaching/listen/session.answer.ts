/**
 * A typed answer to "How did your conversation with … go? Did it take place?" (the follow-up message after a
 * session), routed here by the same rule as every other typed reply (`reply.routing.ts`). The words are read: it took
 * place → on to agreements, the next date and the evaluation; it was moved → which new date; it did not take place →
 * called off, with an offer to plan a new date. What the person wrote beyond a bare answer is kept as a note on the
 * conversation and quoted back; so are words that say none of these — kept, never refused — and then the question is
 * asked once more with its buttons (a further such answer is kept too, without asking again).
 */
import type { DialogState } from '../../core/dialog.js';
import type { Reply } from '../../core/reply.js';
import type { Effect } from '../effects.js';
import { decided, entityButton, type Decided, type FlowContext } from '../flow.js';
import { namesOf } from '../flows/agreement.flow.js';
import { roleIn, visibleSession } from '../queries.js';
import { formatInstant } from '../time.js';
import { recogniseHeld } from './held.words.js';
import type { AskedQuestion } from './reply.routing.js';

export interface SessionAnswer {
  readonly decided: Decided;
  /** The question is still open (nothing recognised): the next typed reply answers it too. */
  readonly stillOpen: boolean;
}

const OPEN = ['scheduled', 'preparing', 'prepared'];

/** The session buttons' handlers (held, move, cancel), passed in by the decider: a typed answer does what they do. */
export type SessionButtons = Readonly<
  Record<
    string,
    | ((ctx: FlowContext, state: DialogState<Effect>, args: readonly string[], values: undefined) => Promise<Decided>)
    | undefined
  >
>;

/** More than a bare answer ("Yes", "We moved it"): worth keeping in the person's own words. */
const saysMore = (text: string): boolean => text.split(/\s+/).filter(Boolean).length > 3;

/** The answer, or null when the question no longer applies (the session was held, moved or called off since). */
export async function answerSessionQuestion(
  ctx: FlowContext,
  state: DialogState<Effect>,
  question: AskedQuestion,
  text: string,
  buttons: SessionButtons,
): Promise<SessionAnswer | null> {
  const found = await visibleSession(ctx, question.ref);
  const role = found ? roleIn(found.trajectory, ctx.person.id) : undefined;
  if (!found || !OPEN.includes(found.session.status) || !role) return null;
  const { session } = found;
  const word = recogniseHeld(text);
  const action =
    word === 'held'
      ? buttons['session.held']
      : word === 'moved'
        ? buttons['session.move']
        : word === 'not_held'
          ? buttons['session.cancel']
          : undefined;
  const keep = !action || saysMore(text);
  const names = await namesOf(ctx, found.trajectory);
  const note: Effect[] = keep ? [{ type: 'session.note', sessionId: session.id, byId: ctx.person.id, text }] : [];
  const when = formatInstant(session.startsAt, ctx.person.timeZone, ctx.locale);
  const seen =
    role === 'employee'
      ? ctx.t('reply.sessionNote.employee', { coach: names.coach })
      : ctx.t('reply.sessionNote.coach');
  const quoted: Reply[] = keep ? [{ text: `${ctx.t('reply.noted.session', { when, quote: text })}\n${seen}` }] : [];
  if (action) {
    const next = await action(ctx, state, [session.id], undefined);
    return {
      decided: { ...next, replies: [...quoted, ...next.replies], effects: [...note, ...next.effects] },
      stillOpen: false,
    };
  }
  // Asked again once: a further answer that says neither is kept as well, and the question stays open for words.
  if ((session.notes ?? []).some((n) => n.byId === ctx.person.id))
    return { decided: decided(state, quoted, note), stillOpen: true };
  const other = role === 'employee' ? names.coach : names.employee;
  const again: Reply = {
    text: ctx.t('followup.again', { other }),
    blocks: [
      {
        kind: 'buttons',
        buttons: [
          entityButton('session.held', ctx.t('followup.held'), [session.id], 'primary'),
          entityButton('session.move', ctx.t('followup.moved'), [session.id]),
          entityButton('session.cancel', ctx.t('followup.cancelled'), [session.id]),
        ],
      },
    ],
  };
  return { decided: decided(state, [...quoted, again], note), stillOpen: true };
}
