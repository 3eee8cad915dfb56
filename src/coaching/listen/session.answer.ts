/**
 * A typed answer to "How did your conversation with … go? Did it take place?" (the follow-up message after a
 * session), routed here by the same rule as every other typed reply (`reply.routing.ts`). The words are read: it took
 * place → on to agreements, the next date and the evaluation; it was moved → which new date; it did not take place →
 * called off, with an offer to plan a new date. What the person wrote beyond a bare answer is kept as a note on the
 * conversation and quoted back; so are words that say none of these — kept, never refused — and then the question is
 * asked once more with its buttons (a further such answer is kept too, and the question closes).
 */
import type { DialogState } from '../../core/dialog.js';
import type { Reply } from '../../core/reply.js';
import type { Effect } from '../effects.js';
import { decided, entityButton, type Decided, type FlowContext } from '../flow.js';
import { namesOf } from '../flows/agreement.flow.js';
import { roleIn, visibleSession } from '../queries.js';
import { formatInstant, toLocal } from '../time.js';
import { dateIn, parseDate } from '../dates.js';
import { sessionFlow } from '../flows/session.flow.js';
import { recogniseHeld, saysOnlyHeld, yesOrNo } from './held.words.js';
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

/**
 * More than a bare answer ("Yes", "We moved it", "ja, het gesprek heeft plaatsgevonden"): worth keeping in the
 * person's own words.
 */
const saysMore = (text: string): boolean => text.split(/\s+/).filter(Boolean).length > 3 && !saysOnlyHeld(text);

/**
 * The answer (to "did it take place?", or to "shall we pick the next date?"), or null when the question no longer
 * applies (the session was held, moved or called off since; the next one is planned).
 */
export async function answerSessionQuestion(
  ctx: FlowContext,
  state: DialogState<Effect>,
  question: AskedQuestion,
  text: string,
  buttons: SessionButtons,
): Promise<SessionAnswer | null> {
  if (question.kind === 'next') return answerNextQuestion(ctx, state, question, text);
  const found = await visibleSession(ctx, question.ref);
  const role = found ? roleIn(found.trajectory, ctx.person.id) : undefined;
  if (!found || !role) return null;
  const { session } = found;
  // Held, and this person has not wrapped it up: the reply starts the wrap-up. Once they evaluated or skipped the
  // evaluation, the question is closed and the reply is read as what it is (a skipped evaluation stays skipped).
  const wrappedUp = session.evaluations[role] ?? session.evaluationSkipped?.[role];
  if (session.status === 'held' && !wrappedUp) return wrapUp(ctx, state, session.id, text, buttons);
  // Called off meanwhile by the other person: words are still kept as a note. (Held and evaluated: the question is
  // closed, the reply goes on.)
  const closed = !OPEN.includes(session.status);
  const word = recogniseHeld(text);
  if (closed && (session.status !== 'cancelled' || word || !saysMore(text))) return null;
  const action = closed
    ? undefined
    : word === 'held'
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
  if (closed) return { decided: decided(state, quoted, note), stillOpen: false };
  if (action) {
    // "We moved it to Friday 14:00": the new date is taken from the words and confirmed, not asked for again.
    const moved = word === 'moved' ? dateIn(text, toLocal(ctx.now, ctx.person.timeZone).date) : null;
    const next = moved
      ? await sessionFlow.start(ctx, { sessionId: session.id, mode: 'move', text: moved.phrase })
      : await action(ctx, state, [session.id], undefined);
    return {
      decided: { ...next, replies: [...quoted, ...next.replies], effects: [...note, ...next.effects] },
      stillOpen: false,
    };
  }
  // Asked again once: a further answer that says neither is kept as well, and the question closes (its buttons
  // still work), so it never takes every later reply.
  if ((session.notes ?? []).some((n) => n.byId === ctx.person.id))
    return { decided: decided(state, quoted, note), stillOpen: false };
  const again = askAgain(ctx, session.id, role === 'employee' ? names.coach : names.employee);
  return { decided: decided(state, [...quoted, again], note), stillOpen: true };
}

/** "Did your conversation with {other} take place? Your own words are fine, or pick one", with its buttons. */
function askAgain(ctx: FlowContext, sessionId: string, other: string): Reply {
  return {
    text: ctx.t('followup.again', { other }),
    blocks: [
      {
        kind: 'buttons',
        buttons: [
          entityButton('session.held', ctx.t('followup.held'), [sessionId], 'primary'),
          entityButton('session.move', ctx.t('followup.moved'), [sessionId]),
          entityButton('session.cancel', ctx.t('followup.cancelled'), [sessionId]),
        ],
      },
    ],
  };
}

/**
 * "{other} noted that your conversation took place. Let's wrap it up together": any answer but a no starts the
 * wrap-up; words that are more than a yes are kept as a note on the conversation first.
 */
async function wrapUp(
  ctx: FlowContext,
  state: DialogState<Effect>,
  sessionId: string,
  text: string,
  buttons: SessionButtons,
): Promise<SessionAnswer | null> {
  const word = yesOrNo(text);
  const start = buttons['after.start'];
  if (word === 'no' || !start) return null;
  const started = await start(ctx, state, [sessionId], undefined);
  if (word || !saysMore(text)) return { decided: started, stillOpen: false };
  const note: Effect = { type: 'session.note', sessionId, byId: ctx.person.id, text };
  return { decided: { ...started, effects: [note, ...started.effects] }, stillOpen: false };
}

/**
 * A typed answer to "You haven't planned your next conversation yet. Shall we pick a date?": a date plans it (asked
 * to confirm), a yes asks which date, and other words ("not yet, Sam is away until January") are kept as a note on
 * the conversation, quoted back, with the button to plan it later. Null when the next one is planned meanwhile.
 */
export async function answerNextQuestion(
  ctx: FlowContext,
  state: DialogState<Effect>,
  question: AskedQuestion,
  text: string,
): Promise<SessionAnswer | null> {
  const found = await visibleSession(ctx, question.ref);
  if (!found || found.session.nextSessionId || !roleIn(found.trajectory, ctx.person.id)) return null;
  const { session } = found;
  const dated = parseDate(text, toLocal(ctx.now, ctx.person.timeZone).date).kind !== 'unknown';
  if (dated || yesOrNo(text) === 'yes') {
    const args = { sessionId: session.id, mode: 'next', ...(dated ? { text } : {}) };
    return { decided: await sessionFlow.start(ctx, args), stillOpen: false };
  }
  const buttons = [entityButton('session.plan', ctx.t('button.planNext'), [session.id], 'primary')];
  const noted: Reply = { text: ctx.t('reply.next.noted', { quote: text }), blocks: [{ kind: 'buttons', buttons }] };
  const note: Effect = { type: 'session.note', sessionId: session.id, byId: ctx.person.id, text };
  return { decided: decided(state, [noted], [note]), stillOpen: false };
}
