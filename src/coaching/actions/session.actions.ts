/** Buttons on a session: prepare, the digest, held, move, plan the next one, call it off. */
import type { DialogState } from '../../core/dialog.js';
import { translator } from '../../i18n/index.js';
import type { ActionHandler } from '../decider.js';
import { coachDigest, coachVisible, digestContext } from '../digest.js';
import type { Effect } from '../effects.js';
import { decided, entityButton, type Decided, type FlowContext } from '../flow.js';
import { afterFlow } from '../flows/after.flow.js';
import { callOffFlow } from '../flows/call-off.flow.js';
import { prepareFlow } from '../flows/prepare.flow.js';
import { sessionFlow } from '../flows/session.flow.js';
import type { Session, Trajectory } from '../model.js';
import { otherId, personName, roleIn, visibleSession } from '../queries.js';
import { formatInstant } from '../time.js';
import { keep, notFound } from './shared.js';

export const sessionActions: Record<string, ActionHandler> = {
  'prep.start': async (ctx, state, [sessionId = '']) =>
    prepareFlow.start(ctx, { sessionId, ...resumePoint(state, sessionId) }),
  'prep.later': async (ctx, state) => keep(state, ctx, ctx.t('prep.later')),

  'digest.show': async (ctx, state, [sessionId = '']) => {
    const found = await visibleSession(ctx, sessionId);
    if (!found || found.trajectory.coachId !== ctx.person.id) return notFound(ctx, state);
    return decided(state, [await digestFor(ctx, found.session.id, false)]);
  },
  /** The employee sees exactly what the coach sees: the digest as the coach would get it now. */
  'prep.coachView': async (ctx, state, [sessionId = '']) => {
    const found = await visibleSession(ctx, sessionId);
    if (!found || found.trajectory.employeeId !== ctx.person.id) return notFound(ctx, state);
    const coach = await personName(ctx, found.trajectory.coachId ?? '');
    const preface = coachVisible(found.session)
      ? ctx.t('prep.coachView.title', { coach })
      : ctx.t('prep.coachView.none', { coach });
    return decided(state, [{ text: preface }, await digestFor(ctx, found.session.id, false)]);
  },

  'session.held': async (ctx, state, [sessionId = '']) => {
    const found = await visibleSession(ctx, sessionId);
    if (!found) return notFound(ctx, state);
    const { session } = found;
    if (session.status === 'cancelled') return keep(state, ctx, ctx.t('session.wasCancelled'));
    const recorded = await alreadyWrappedUp(ctx, state, found);
    if (recorded) return recorded;
    const started = await afterFlow.start(ctx, { sessionId });
    if (session.status === 'held' || session.status === 'evaluated') return started;
    return { ...started, effects: [{ type: 'session.held', sessionId, byId: ctx.person.id }, ...started.effects] };
  },
  'after.start': async (ctx, state, [sessionId = '']) => {
    const found = await visibleSession(ctx, sessionId);
    if (!found) return notFound(ctx, state);
    const role = roleIn(found.trajectory, ctx.person.id);
    // Evaluated already: said kindly, and whatever was open stays open.
    if (role && found.session.evaluations[role]) return keep(state, ctx, ctx.t('after.alreadyDone'));
    return afterFlow.start(ctx, { sessionId });
  },
  /** The evaluation given after all, after it was skipped: straight to the rating. */
  'after.evaluate': async (ctx, state, [sessionId = '']) =>
    (await visibleSession(ctx, sessionId)) ? afterFlow.start(ctx, { sessionId, step: 'rating' }) : notFound(ctx, state),
  /** With a date typed before the button was asked for ("move to Friday 14:00", two conversations): confirmed. */
  'session.move': async (ctx, state, [sessionId = '', text]) => {
    const found = await visibleSession(ctx, sessionId);
    if (!found || !['scheduled', 'preparing', 'prepared'].includes(found.session.status)) return notFound(ctx, state);
    return sessionFlow.start(ctx, { sessionId, mode: 'move', ...(text ? { text } : {}) });
  },
  'session.plan': async (ctx, state, [sessionId = '']) => {
    const found = await visibleSession(ctx, sessionId);
    if (!found) return notFound(ctx, state);
    if (found.session.nextSessionId) return keep(state, ctx, ctx.t('session.alreadyPlanned'));
    return sessionFlow.start(ctx, { sessionId, mode: 'next' });
  },
  /**
   * A planned conversation is called off only after "Call off … ? [Yes, call it off] [Keep it]" (call-off.flow.ts; an
   * open flow is parked meanwhile). One whose time has passed ("Did it take place?" answered "It didn't take place")
   * is recorded at once, as it was said; what was open stays open.
   */
  'session.cancel': async (ctx, state, [sessionId = '']) => {
    const found = await visibleSession(ctx, sessionId);
    if (!found || !['scheduled', 'preparing', 'prepared'].includes(found.session.status)) return notFound(ctx, state);
    if (found.session.startsAt.getTime() > ctx.now.getTime()) return callOffFlow.start(ctx, { sessionId });
    return decided(
      state,
      [
        {
          text: ctx.t('session.cancelled', {
            when: formatInstant(found.session.startsAt, ctx.person.timeZone, ctx.locale),
          }),
          blocks: [
            {
              kind: 'buttons',
              buttons: [
                { action: 'session.plan', label: ctx.t('button.planNext'), value: sessionId, style: 'primary' },
              ],
            },
          ],
        },
      ],
      [{ type: 'session.cancel', sessionId, byId: ctx.person.id }],
    );
  },
};

/**
 * "Yes, it took place" (or "Wrap up") from an older message once this person wrapped the conversation up: nothing
 * starts again. Evaluated: said kindly that it is recorded. Evaluation skipped: recorded too, with the offer to say
 * how it went after all. Whatever flow was open stays open. Null when there is still something to wrap up.
 */
async function alreadyWrappedUp(
  ctx: FlowContext,
  state: DialogState<Effect>,
  found: { session: Session; trajectory: Trajectory },
): Promise<Decided | null> {
  const { session, trajectory } = found;
  const role = roleIn(trajectory, ctx.person.id);
  if (!role || (!session.evaluations[role] && !session.evaluationSkipped?.[role])) return null;
  const other = await personName(ctx, otherId(trajectory, ctx.person.id));
  if (session.evaluations[role]) return keep(state, ctx, ctx.t('after.alreadyRecorded', { other }));
  const later = entityButton('after.evaluate', ctx.t('after.evaluateLater'), [session.id]);
  return decided(state, [
    { text: ctx.t('after.alreadyRecorded.skipped', { other }), blocks: [{ kind: 'buttons', buttons: [later] }] },
  ]);
}

/** Where an interrupted preparation for this session stopped, so `prepare` continues there. */
export function resumePoint(state: DialogState<Effect>, sessionId: string): Record<string, unknown> {
  const paused = state.values.paused as { flow?: string; step?: string; values?: Record<string, unknown> } | undefined;
  if (state.flow === 'prepare' && state.values.sessionId === sessionId)
    return {
      step: state.step,
      ...(typeof state.values.reviewIndex === 'number' ? { reviewIndex: state.values.reviewIndex } : {}),
    };
  if (paused?.flow === 'prepare' && paused.values?.sessionId === sessionId)
    return {
      step: paused.step,
      ...(typeof paused.values.reviewIndex === 'number' ? { reviewIndex: paused.values.reviewIndex } : {}),
    };
  return {};
}

/**
 * The digest exactly as the coach gets it: in the coach's language and time zone, whoever reads it (the employee's
 * "What {coach} sees" shows this very text, framed by a line in the employee's own language).
 */
export async function digestFor(ctx: FlowContext, sessionId: string, final: boolean) {
  const found = await visibleSession(ctx, sessionId);
  if (!found) return { text: ctx.t('notFound') };
  const { session, trajectory } = found;
  const employee = await ctx.people.get(trajectory.employeeId);
  const coach = await ctx.people.get(trajectory.coachId ?? '');
  if (!employee || !coach) return { text: ctx.t('notFound') };
  const agreements = await ctx.agreements.listForTrajectory(trajectory.id);
  const sessions = await ctx.sessions.listForTrajectory(trajectory.id);
  return coachDigest({
    ...digestContext(session, sessions),
    session,
    trajectory,
    employee,
    coach,
    agreements,
    t: translator(coach.locale),
    locale: coach.locale,
    now: ctx.now,
    final,
  });
}
