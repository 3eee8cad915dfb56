/**
 * Notices about a session that the other person changed, and the shared evaluations. Planned by the effect applier at
 * once and urgent (key `{effectId}:held|moved|cancelled|next`, and `{sessionId}:evaluations:{recipient's role}`: an
 * evaluation goes to the other person as soon as it is given).
 */
import { z } from 'zod';
import type { DialogState } from '../../core/dialog.js';
import type { Effect } from '../effects.js';
import { entityButton, type Decided, type FlowContext } from '../flow.js';
import { afterFlow } from '../flows/after.flow.js';
import { namesOf } from '../flows/agreement.flow.js';
import { personName, roleIn, visibleSession } from '../queries.js';
import { formatInstant } from '../time.js';
import { quiet, say, type Renderers } from './notice.js';

const byPayload = z.object({ sessionId: z.string(), byId: z.string() });
type ByPayload = z.infer<typeof byPayload>;

export const sessionPayloads = {
  /** The other person marked the session as held: on to agreements, the next date and the evaluation. */
  'session.held': byPayload,
  'session.moved': byPayload,
  'session.cancelled': byPayload,
  /** The next session was planned; `sessionId` is the new session. */
  'session.next': byPayload,
  /** One evaluated: the other sees it at once. */
  'evaluation.shared': z.object({ sessionId: z.string() }),
} as const;

async function sessionNotice(
  ctx: FlowContext,
  state: DialogState<Effect>,
  payload: ByPayload,
  key: 'notice.moved' | 'notice.cancelled' | 'notice.next',
): Promise<Decided> {
  const found = await visibleSession(ctx, payload.sessionId);
  if (!found) return quiet(state);
  const by = await personName(ctx, payload.byId);
  return say(state, [
    { text: ctx.t(key, { name: by, when: formatInstant(found.session.startsAt, ctx.person.timeZone, ctx.locale) }) },
  ]);
}

export const sessionRenderers: Renderers<typeof sessionPayloads> = {
  'session.held': async (ctx, state, payload) => {
    const found = await visibleSession(ctx, payload.sessionId);
    if (!found) return quiet(state);
    const role = roleIn(found.trajectory, ctx.person.id);
    if (!role || found.session.evaluations[role] || found.session.evaluationSkipped?.[role]) return quiet(state);
    const by = await personName(ctx, payload.byId);
    if (state.flow === null) {
      // One opening line, not two saying "it took place" one after the other.
      const started = await afterFlow.start(ctx, { sessionId: found.session.id, introduced: true });
      return { ...started, replies: [{ text: ctx.t('followup.markedHeld.start', { name: by }) }, ...started.replies] };
    }
    return say(state, [
      {
        text: ctx.t('followup.markedHeld', { name: by }),
        blocks: [
          {
            kind: 'buttons',
            buttons: [entityButton('after.start', ctx.t('followup.continue'), [found.session.id], 'primary')],
          },
        ],
      },
    ]);
  },
  'session.moved': (ctx, state, payload) => sessionNotice(ctx, state, payload, 'notice.moved'),
  'session.cancelled': (ctx, state, payload) => sessionNotice(ctx, state, payload, 'notice.cancelled'),
  'session.next': (ctx, state, payload) => sessionNotice(ctx, state, payload, 'notice.next'),
  /** The other person's evaluation, as soon as they gave it; with your own beside it when you answered already. */
  'evaluation.shared': async (ctx, state, payload) => {
    const found = await visibleSession(ctx, payload.sessionId);
    if (!found) return quiet(state);
    const role = roleIn(found.trajectory, ctx.person.id);
    const theirs = role === 'employee' ? found.session.evaluations.coach : found.session.evaluations.employee;
    const mine = role ? found.session.evaluations[role] : undefined;
    if (!theirs) return quiet(state);
    const names = await namesOf(ctx, found.trajectory);
    const other = role === 'employee' ? names.coach : names.employee;
    const t = ctx.t;
    // A rating that was not given is left out (not shown as "no rating"): the words are what counts.
    const rating = (label: string, e: { rating?: number | undefined } | undefined) =>
      e?.rating ? [{ label, value: `${e.rating}/5` }] : [];
    return say(state, [
      {
        text: t(mine ? 'evaluation.shared' : 'evaluation.fromOther', { other }),
        blocks: [
          {
            kind: 'fields',
            fields: [
              ...rating(t('evaluation.theirRating', { other }), theirs),
              { label: t('evaluation.theirComment', { other }), value: theirs.comment || t('prep.summary.none') },
              ...rating(t('evaluation.yourRating'), mine),
            ],
          },
        ],
      },
    ]);
  },
};
