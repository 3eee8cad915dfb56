/**
 * Notices about an agreement that the other person proposed or answered. Planned by the effect applier at once
 * (key `{effectId}:proposal|tell`); urgent, except that an agreement was done (that news can wait for working hours).
 */
import { z } from 'zod';
import type { DialogState } from '../../core/dialog.js';
import type { Effect } from '../effects.js';
import { entityButton, type Decided, type FlowContext } from '../flow.js';
import { namesOf } from '../flows/agreement.flow.js';
import { personName, roleIn, visibleAgreement } from '../queries.js';
import { formatDate } from '../time.js';
import { quiet, say, type Renderers } from './notice.js';

const answerPayload = z.object({ agreementId: z.string(), byId: z.string() });
type AnswerPayload = z.infer<typeof answerPayload>;

export const agreementPayloads = {
  /** To the owner of an agreement someone else proposed: accept, adjust or decline. */
  'agreement.proposed': z.object({ agreementId: z.string() }),
  'agreement.done': answerPayload,
  'agreement.accepted': answerPayload,
  'agreement.declined': answerPayload,
} as const;

async function agreementNotice(
  ctx: FlowContext,
  state: DialogState<Effect>,
  payload: AnswerPayload,
  key: 'notice.agreementDone' | 'notice.agreementAccepted' | 'notice.agreementDeclined',
): Promise<Decided> {
  const found = await visibleAgreement(ctx, payload.agreementId);
  if (!found) return quiet(state);
  const by = await personName(ctx, payload.byId);
  const { what, due } = found.agreement;
  return say(state, [{ text: ctx.t(key, { name: by, what, due: formatDate(due, ctx.locale) }) }]);
}

export const agreementRenderers: Renderers<typeof agreementPayloads> = {
  'agreement.proposed': async (ctx, state, payload) => {
    const found = await visibleAgreement(ctx, payload.agreementId);
    if (!found || found.agreement.status !== 'proposed') return quiet(state);
    const { agreement, trajectory } = found;
    if (roleIn(trajectory, ctx.person.id) !== agreement.owner) return quiet(state);
    const names = await namesOf(ctx, trajectory);
    const by = agreement.proposedBy === 'employee' ? names.employee : names.coach;
    const t = ctx.t;
    return say(state, [
      {
        text: t('agreement.proposedTo', { name: by, what: agreement.what, due: formatDate(agreement.due, ctx.locale) }),
        blocks: [
          {
            kind: 'buttons',
            buttons: [
              entityButton('agreement.accept', t('button.accept'), [agreement.id], 'primary'),
              entityButton('agreement.adjust', t('button.adjust'), [agreement.id]),
              entityButton('agreement.decline', t('button.decline'), [agreement.id]),
            ],
          },
        ],
      },
    ]);
  },
  'agreement.done': (ctx, state, payload) => agreementNotice(ctx, state, payload, 'notice.agreementDone'),
  'agreement.accepted': (ctx, state, payload) => agreementNotice(ctx, state, payload, 'notice.agreementAccepted'),
  'agreement.declined': (ctx, state, payload) => agreementNotice(ctx, state, payload, 'notice.agreementDeclined'),
};
