/**
 * Buttons bound to an entity (a trajectory, a session, an agreement) rather than to a step: they stay valid for as
 * long as the entity allows, so a button in an old nudge still works, or says kindly why it no longer applies.
 * Every handler checks that the presser takes part in the trajectory; to anyone else the entity does not exist.
 */
import type { DialogState } from '../core/dialog.js';
import type { ActionHandler } from './decider.js';
import { coachDigest, coachVisible, digestContext } from './digest.js';
import type { Effect } from './effects.js';
import { decided, entityButton, idle, stepButton, type Decided, type Flow, type FlowContext } from './flow.js';
import { afterFlow } from './flows/after.flow.js';
import {
  agreementFlow,
  agreementForm,
  checkDue,
  confirmation,
  createAgreement,
  MAX_WHAT,
  namesOf,
} from './flows/agreement.flow.js';
import { prepareFlow } from './flows/prepare.flow.js';
import { sessionFlow } from './flows/session.flow.js';
import { roleIn, visibleAgreement, visibleSession, visibleTrajectory, personName } from './queries.js';
import { formatDate, formatInstant } from './time.js';

const notFound = (ctx: FlowContext, state: DialogState<Effect>): Decided =>
  decided(state, [{ text: ctx.t('notFound') }]);

/** Keeps the current flow when an entity action only says something (so a half-answered question stays open). */
const keep = (state: DialogState<Effect>, ctx: FlowContext, text: string, effects: Effect[] = []): Decided =>
  decided(state, [{ text }], effects);

export const noteFlow: Flow = {
  name: 'note',
  async start(ctx, args) {
    const frame = {
      flow: 'note',
      step: 'text',
      values: { agreementId: String(args.agreementId ?? ''), stamp: ctx.turn.revision },
      attempts: 0,
    };
    return decided(frame, [
      {
        text: ctx.t('note.ask'),
        blocks: [{ kind: 'buttons', buttons: [stepButton(frame, 'cancel', ctx.t('button.never'))] }],
      },
    ]);
  },
  async handle(ctx, frame, input) {
    const found = await visibleAgreement(ctx, String(frame.values.agreementId ?? ''));
    if (!found) return decided(idle(), [{ text: ctx.t('notFound') }]);
    if (input.type === 'action' && input.action === 'repeat')
      return noteFlow.start(ctx, { agreementId: found.agreement.id });
    if (input.type !== 'text') return decided(idle(), [{ text: ctx.t('cancel.done') }]);
    const note = input.text.trim();
    if (note.length > MAX_WHAT)
      return decided(frame, [{ text: ctx.t('input.tooLong', { length: note.length, max: MAX_WHAT }) }]);
    return decided(
      idle(),
      [{ text: ctx.t('note.saved') }],
      [
        {
          type: 'agreement.change',
          agreementId: found.agreement.id,
          from: ['open', 'proposed'],
          set: {},
          change: 'note',
          note,
          byId: ctx.person.id,
        },
      ],
    );
  },
};

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

export const actionHandlers: Record<string, ActionHandler> = {
  'trajectory.accept': (ctx, state, [id = '']) => respond(ctx, state, id, true),
  'trajectory.decline': (ctx, state, [id = '']) => respond(ctx, state, id, false),

  /** Ending asks once more, naming what stops; the second press ends it. */
  'trajectory.end': async (ctx, state, [id = '']) => {
    const trajectory = await visibleTrajectory(ctx, id);
    if (!trajectory) return notFound(ctx, state);
    if (trajectory.status !== 'active') return keep(state, ctx, ctx.t('end.already'));
    const names = await namesOf(ctx, trajectory);
    const other = trajectory.employeeId === ctx.person.id ? names.coach : names.employee;
    return decided(state, [
      {
        text: ctx.t('end.confirm', { other, goal: trajectory.goal }),
        blocks: [
          {
            kind: 'buttons',
            buttons: [
              entityButton('trajectory.endConfirmed', ctx.t('end.yes'), [id], 'danger'),
              entityButton('trajectory.keep', ctx.t('end.no'), [id], 'primary'),
            ],
          },
        ],
      },
    ]);
  },
  'trajectory.endConfirmed': async (ctx, state, [id = '']) => {
    const trajectory = await visibleTrajectory(ctx, id);
    if (!trajectory) return notFound(ctx, state);
    if (trajectory.status !== 'active') return keep(state, ctx, ctx.t('end.already'));
    const names = await namesOf(ctx, trajectory);
    const other = trajectory.employeeId === ctx.person.id ? names.coach : names.employee;
    // Leaving any flow about this trajectory: its questions no longer apply.
    return decided(
      idle(),
      [{ text: ctx.t('end.done', { other }) }],
      [{ type: 'trajectory.end', trajectoryId: id, byId: ctx.person.id }],
    );
  },
  'trajectory.keep': async (ctx, state) => keep(state, ctx, ctx.t('end.kept')),

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
    const started = await afterFlow.start(ctx, { sessionId });
    if (session.status === 'held' || session.status === 'evaluated') return started;
    return { ...started, effects: [{ type: 'session.held', sessionId, byId: ctx.person.id }, ...started.effects] };
  },
  'after.start': async (ctx, state, [sessionId = '']) =>
    (await visibleSession(ctx, sessionId)) ? afterFlow.start(ctx, { sessionId }) : notFound(ctx, state),
  'session.move': async (ctx, state, [sessionId = '']) => {
    const found = await visibleSession(ctx, sessionId);
    if (!found || !['scheduled', 'preparing', 'prepared'].includes(found.session.status)) return notFound(ctx, state);
    return sessionFlow.start(ctx, { sessionId, mode: 'move' });
  },
  'session.plan': async (ctx, state, [sessionId = '']) => {
    const found = await visibleSession(ctx, sessionId);
    if (!found) return notFound(ctx, state);
    if (found.session.nextSessionId) return keep(state, ctx, ctx.t('session.alreadyPlanned'));
    return sessionFlow.start(ctx, { sessionId, mode: 'next' });
  },
  'session.cancel': async (ctx, state, [sessionId = '']) => {
    const found = await visibleSession(ctx, sessionId);
    if (!found || !['scheduled', 'preparing', 'prepared'].includes(found.session.status)) return notFound(ctx, state);
    return decided(
      idle(),
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
    if (!what) errors.what = ctx.t('agreement.what.again');
    else if (what.length > MAX_WHAT) errors.what = ctx.t('input.tooLong', { length: what.length, max: MAX_WHAT });
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
    return decided(
      state,
      [{ text: confirmation(ctx, owner, mine, names, what, due.due) }],
      [createAgreement(ctx, trajectory, sessionId || undefined, owner, what, due.due)],
    );
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
  'agreement.accept': (ctx, state, [id = '']) =>
    changeAgreement(ctx, state, id, ['proposed'], { status: 'open' }, 'accepted', 'agreement.acceptedSaved', true),
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

async function respond(ctx: FlowContext, state: DialogState<Effect>, id: string, accept: boolean): Promise<Decided> {
  const trajectory = await visibleTrajectory(ctx, id);
  if (!trajectory) return notFound(ctx, state);
  const invitee = trajectory.proposedBy === 'employee' ? trajectory.coachId : trajectory.employeeId;
  if (invitee !== ctx.person.id) return keep(state, ctx, ctx.t('trajectory.notYours'));
  if (trajectory.status !== 'proposed')
    return keep(
      state,
      ctx,
      ctx.t(trajectory.status === 'active' ? 'trajectory.alreadyActive' : 'trajectory.alreadyAnswered'),
    );
  const names = await namesOf(ctx, trajectory);
  const first = (await ctx.sessions.listForTrajectory(trajectory.id))[0];
  const other = trajectory.proposedBy === 'employee' ? names.employee : names.coach;
  const text = accept
    ? ctx.t(trajectory.proposedBy === 'employee' ? 'trajectory.accepted.coach' : 'trajectory.accepted.employee', {
        name: other,
        when: first ? formatInstant(first.startsAt, ctx.person.timeZone, ctx.locale) : '?',
      })
    : ctx.t('trajectory.declined.self', { name: other });
  return keep(state, ctx, text, [{ type: 'trajectory.respond', trajectoryId: id, accept, byId: ctx.person.id }]);
}

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
    t: ctx.t,
    locale: ctx.locale,
    now: ctx.now,
    final,
  });
}
