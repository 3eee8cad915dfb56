/** Buttons on an agreement: add (step by step or by form), edit, note, done, drop, accept, decline, snooze, date. */
import type { DialogState } from '../../core/dialog.js';
import type { ActionHandler } from '../decider.js';
import type { Effect } from '../effects.js';
import { decided, type Decided, type FlowContext } from '../flow.js';
import {
  agreementFlow,
  agreementForm,
  checkDue,
  confirmation,
  createAgreement,
  namesOf,
  whatUnclear,
} from '../flows/agreement.flow.js';
import { roleIn, visibleAgreement, visibleTrajectory } from '../queries.js';
import { formatDate, formatInstant } from '../time.js';
import { feasibilityAsked, feasibilityQuestion } from '../listen/feasibility.answer.js';
import { ASKED_KEY } from '../listen/reply.answer.js';
import { noteFlow } from './note.flow.js';
import { keep, notFound } from './shared.js';

const SNOOZE_DAYS = new Set([1, 3, 7]);

/** No session named, or a session of this trajectory. */
async function sessionBelongs(ctx: FlowContext, trajectoryId: string, sessionId: string): Promise<boolean> {
  if (!sessionId) return true;
  return (await ctx.sessions.get(sessionId))?.trajectoryId === trajectoryId;
}

const editAgreement: ActionHandler = async (ctx, state, [id = '']) => {
  const found = await visibleAgreement(ctx, id);
  if (!found) return notFound(ctx, state);
  return agreementFlow.start(ctx, { trajectoryId: found.trajectory.id, agreementId: id });
};

export const agreementActions: Record<string, ActionHandler> = {
  'agreement.add': async (ctx, state, [trajectoryId = '']) => agreementFlow.start(ctx, { trajectoryId }),
  'agreement.form': async (ctx, state, [trajectoryId = '', sessionId = '']) => {
    const trajectory = await visibleTrajectory(ctx, trajectoryId);
    if (!trajectory || trajectory.status !== 'active') return notFound(ctx, state);
    if (!(await sessionBelongs(ctx, trajectory.id, sessionId))) return notFound(ctx, state);
    const form = agreementForm(ctx, trajectory, await namesOf(ctx, trajectory), sessionId || undefined);
    return decided(state, [{ text: form.title, blocks: [{ kind: 'form', form }] }]);
  },
  /** The quick-entry form: invalid fields come back inline and nothing is saved; valid ones create the agreement. */
  'form:agreement': async (ctx, state, [trajectoryId = '', sessionId = ''], values) => {
    const trajectory = await visibleTrajectory(ctx, trajectoryId);
    if (!trajectory || trajectory.status !== 'active') return notFound(ctx, state);
    // A session id named next to the trajectory must be one of its own: no cross-links (walls).
    if (!(await sessionBelongs(ctx, trajectory.id, sessionId))) return notFound(ctx, state);
    const names = await namesOf(ctx, trajectory);
    const owner = values?.owner;
    const what = (values?.what ?? '').trim();
    const dueText = (values?.due ?? '').trim();
    const errors: Record<string, string> = {};
    if (owner !== 'employee' && owner !== 'coach') errors.owner = ctx.t('agreement.owner.again');
    const unclear = whatUnclear(ctx, what);
    if (unclear) errors.what = unclear;
    const due = dueText ? checkDue(ctx, dueText) : ({ ok: false, error: ctx.t('agreement.when.ask') } as const);
    if (!due.ok) errors.due = due.error;
    if (Object.keys(errors).length > 0 || !due.ok || (owner !== 'employee' && owner !== 'coach')) {
      const form = agreementForm(
        ctx,
        trajectory,
        names,
        sessionId || undefined,
        { ...(owner ? { owner } : {}), what, due: dueText },
        errors,
      );
      return decided(state, [{ text: ctx.t('form.fix'), blocks: [{ kind: 'form', form }] }]);
    }
    const mine = roleIn(trajectory, ctx.person.id) ?? 'employee';
    const created = createAgreement(ctx, trajectory, sessionId || undefined, owner, what, due.due);
    const saved = { text: confirmation(ctx, owner, mine, names, what, due.due) };
    // Your own agreement: how feasible is it by then (tip 4)? While wrapping up a conversation the wrap-up asks it and
    // goes on; from the agreements list it is asked as a message, changing nothing else in the conversation (an open
    // preparation stays where it was), and the next typed reply answers it (reply.routing.ts).
    const wrapping = state.flow === 'after' && Boolean(sessionId);
    if (owner !== mine || created.type !== 'agreement.create') return decided(state, [saved], [created]);
    if (!wrapping) {
      const asked = {
        ...state,
        values: { ...state.values, [ASKED_KEY]: [feasibilityAsked(ctx, created.agreement.id)] },
      };
      return decided(asked, [saved, feasibilityQuestion(ctx, created.agreement.id, due.due)], [created]);
    }
    const ask = await agreementFlow.start(ctx, {
      trajectoryId: trajectory.id,
      feasibleFor: created.agreement.id,
      owner,
      what,
      due: due.due,
      returnTo: 'after',
      sessionId,
    });
    return { frame: ask.frame, replies: [saved, ...ask.replies], effects: [created] };
  },
  'agreement.edit': editAgreement,
  /** Adjusting a proposal made for you is editing it; saving makes it yours (accepted in your own words). */
  'agreement.adjust': editAgreement,
  'agreement.note': async (ctx, state, [id = '']) =>
    (await visibleAgreement(ctx, id)) ? noteFlow.start(ctx, { agreementId: id }) : notFound(ctx, state),
  'agreement.done': (ctx, state, [id = '']) =>
    changeAgreement(ctx, state, id, ['open'], { status: 'done' }, 'done', 'agreement.doneSaved'),
  'agreement.drop': (ctx, state, [id = '']) =>
    changeAgreement(ctx, state, id, ['open', 'proposed'], { status: 'dropped' }, 'dropped', 'agreement.dropped'),
  'agreement.accept': async (ctx, state, [id = '']) => {
    const accepted = await changeAgreement(
      ctx,
      state,
      id,
      ['proposed'],
      { status: 'open' },
      'accepted',
      'agreement.acceptedSaved',
      true,
    );
    const found = accepted.effects.length ? await visibleAgreement(ctx, id) : null;
    if (!found) return accepted;
    // Yours now: how feasible is it by then (tip 4)? Then back to wrapping up, if that was open.
    const wrapping = state.flow === 'after' && typeof state.values.sessionId === 'string';
    const ask = await agreementFlow.start(ctx, {
      trajectoryId: found.trajectory.id,
      agreementId: id,
      feasible: true,
      ...(wrapping ? { returnTo: 'after', sessionId: state.values.sessionId } : {}),
    });
    return { frame: ask.frame, replies: [...accepted.replies, ...ask.replies], effects: accepted.effects };
  },
  'agreement.decline': (ctx, state, [id = '']) =>
    changeAgreement(ctx, state, id, ['proposed'], { status: 'dropped' }, 'declined', 'agreement.declinedSaved', true),
  'agreement.snooze': async (ctx, state, [id = '', days = '']) => {
    const found = await visibleAgreement(ctx, id);
    const n = Number(days);
    if (!found || !SNOOZE_DAYS.has(n)) return notFound(ctx, state);
    if (found.agreement.status !== 'open') return keep(state, ctx, ctx.t('agreement.notOpen'));
    const until = new Date(ctx.now.getTime() + n * 86_400_000);
    return keep(
      state,
      ctx,
      ctx.t('agreement.snoozed', { when: formatInstant(until, ctx.person.timeZone, ctx.locale) }),
      [
        {
          type: 'agreement.change',
          agreementId: id,
          from: ['open'],
          set: { remindAfter: until.toISOString() },
          change: 'snoozed',
          byId: ctx.person.id,
        },
      ],
    );
  },
  'agreement.date': async (ctx, state, [id = '']) => {
    const found = await visibleAgreement(ctx, id);
    if (!found || found.agreement.status !== 'open') return notFound(ctx, state);
    const started = await agreementFlow.start(ctx, { trajectoryId: found.trajectory.id, agreementId: id });
    // Straight to the date question: the frame starts at 'what'; move it to 'when'.
    return {
      ...started,
      frame: { ...started.frame, step: 'when' },
      replies: [{ text: ctx.t('agreement.when.edit', { due: formatDate(found.agreement.due, ctx.locale) }) }],
    };
  },
};

async function changeAgreement(
  ctx: FlowContext,
  state: DialogState<Effect>,
  id: string,
  from: readonly ('open' | 'proposed')[],
  set: { status: 'open' | 'done' | 'dropped' },
  change: 'done' | 'dropped' | 'accepted' | 'declined',
  message: 'agreement.doneSaved' | 'agreement.dropped' | 'agreement.acceptedSaved' | 'agreement.declinedSaved',
  ownerOnly = false,
): Promise<Decided> {
  const found = await visibleAgreement(ctx, id);
  if (!found) return notFound(ctx, state);
  const { agreement, trajectory } = found;
  const mine = roleIn(trajectory, ctx.person.id);
  if (ownerOnly && agreement.owner !== mine) return keep(state, ctx, ctx.t('agreement.notYours'));
  if (!(from as readonly string[]).includes(agreement.status))
    return keep(state, ctx, ctx.t(agreement.status === 'done' ? 'agreement.alreadyDone' : 'agreement.notOpen'));
  const text = ctx.t(message, { what: agreement.what });
  return keep(state, ctx, text, [
    { type: 'agreement.change', agreementId: id, from, set, change, byId: ctx.person.id },
  ]);
}
