/**
 * "How feasible is this by {date}?" (tip 4) for an agreement made outside a conversation's flow — by the quick-entry
 * form from the agreements list, which changes nothing else in the conversation. The question is asked as a message
 * (like a reminder), kept with the open questions, and a typed reply is routed to it by the reply rule
 * (`reply.routing.ts`): kept as a note on the agreement and quoted back, whatever it says. Its buttons do the same.
 */
import type { DialogState } from '../../core/dialog.js';
import type { Reply } from '../../core/reply.js';
import type { Effect } from '../effects.js';
import { decided, entityButton, type Decided, type FlowContext } from '../flow.js';
import { roleIn, visibleAgreement } from '../queries.js';
import { formatDate } from '../time.js';
import { feasibleLabel, feasibleSaid } from '../flows/agreement/parts.js';
import { saysThatsAll } from './enough.words.js';
import type { AskedQuestion } from './reply.routing.js';

/** The question, with buttons for the usual answers (the agreement's owner asks it of themselves). */
export function feasibilityQuestion(ctx: FlowContext, agreementId: string, due: string): Reply {
  return {
    text: ctx.t('agreement.feasible.ask', { due: formatDate(due, ctx.locale) }),
    blocks: [
      {
        kind: 'buttons',
        buttons: [
          entityButton('agreement.feasible', ctx.t('agreement.feasible.yes'), [agreementId, 'yes'], 'primary'),
          entityButton('agreement.feasible', ctx.t('agreement.feasible.stretch'), [agreementId, 'stretch']),
          entityButton('agreement.adjust', ctx.t('agreement.feasible.adjust'), [agreementId]),
        ],
      },
    ],
  };
}

/** The open question to keep for it, asked by this turn. */
export const feasibilityAsked = (ctx: FlowContext, agreementId: string): AskedQuestion => ({
  kind: 'feasibility',
  ref: agreementId,
  revision: ctx.turn.revision,
  at: ctx.now.toISOString(),
});

const noteOn = (ctx: FlowContext, agreementId: string, note: string): Effect => ({
  type: 'agreement.change',
  agreementId,
  from: ['open', 'proposed'],
  set: {},
  change: 'note',
  byId: ctx.person.id,
  note,
});

/**
 * A typed reply: a note on the agreement, quoted back; null when the agreement is gone or closed (move on). A list
 * ending ("no, that's all", "nee, dat was het") says there is nothing to add: no note, and the question closes.
 */
export async function answerFeasibility(
  ctx: FlowContext,
  question: AskedQuestion,
  text: string,
): Promise<{ replies: Reply[]; effects: Effect[] } | null> {
  const found = await visibleAgreement(ctx, question.ref);
  if (!found || (found.agreement.status !== 'open' && found.agreement.status !== 'proposed')) return null;
  const { what, due, id } = found.agreement;
  if (saysThatsAll(text)) return { replies: [{ text: ctx.t('agreement.feasible.none', { what }) }], effects: [] };
  const label = feasibleLabel(ctx, text); // a button's words typed: said back as that button's answer
  return {
    replies: [
      { text: label ? feasibleSaid(ctx, label, what, due) : ctx.t('reply.noted.agreement', { what, quote: text }) },
    ],
    effects: [noteOn(ctx, id, label ? ctx.t(`agreement.feasible.${label}`) : text)],
  };
}

/** A press on "Feasible" or "A stretch, but doable": noted in those words, by the agreement's owner. */
export async function feasibleAction(
  ctx: FlowContext,
  state: DialogState<Effect>,
  [agreementId = '', answer = '']: readonly string[],
): Promise<Decided> {
  const found = await visibleAgreement(ctx, agreementId);
  const pressed = answer === 'yes' || answer === 'stretch' ? answer : null;
  if (!found || !pressed || found.agreement.owner !== roleIn(found.trajectory, ctx.person.id))
    return decided(state, [{ text: ctx.t('notFound') }]);
  const { what, due } = found.agreement;
  // Kept in the button's words; said back as what was recorded, in a sentence.
  return decided(
    state,
    [{ text: feasibleSaid(ctx, pressed, what, due) }],
    [noteOn(ctx, agreementId, ctx.t(`agreement.feasible.${pressed}`))],
  );
}
