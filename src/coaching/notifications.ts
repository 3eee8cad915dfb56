/**
 * What the scheduler wakes a person for. Each handler renders from fresh data at delivery time and says nothing
 * when the moment has passed (already prepared, agreement already done): quiet unless it matters. A resume never
 * takes over a conversation in progress; it only adds a message with buttons.
 */
import type { DialogState } from '../core/dialog.js';
import type { Reply } from '../core/reply.js';
import { digestFor } from './actions.js';
import type { ResumeHandler } from './decider.js';
import type { Effect } from './effects.js';
import { decided, entityButton, type Decided, type FlowContext } from './flow.js';
import { afterFlow } from './flows/after.flow.js';
import { agreementLine, namesOf } from './flows/agreement.flow.js';
import { isPreparable, personName, roleIn, visibleAgreement, visibleSession, visibleTrajectory } from './queries.js';
import { formatDate, formatInstant } from './time.js';

const say = (state: DialogState<Effect>, replies: Reply[]): Decided => decided(state, replies);
const quiet = (state: DialogState<Effect>): Decided => decided(state, []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

async function agreementNudge(
  ctx: FlowContext,
  state: DialogState<Effect>,
  payload: Readonly<Record<string, unknown>>,
  key: 'nudge.upcoming' | 'nudge.due' | 'nudge.followup',
): Promise<Decided> {
  const found = await visibleAgreement(ctx, str(payload.agreementId));
  if (!found || found.agreement.status !== 'open') return quiet(state);
  const { agreement, trajectory } = found;
  if (roleIn(trajectory, ctx.person.id) !== agreement.owner) return quiet(state);
  // Planned for a date that has since moved: the nudge for the new date is planned under its own key.
  if (typeof payload.due === 'string' && payload.due !== agreement.due) return quiet(state);
  const t = ctx.t;
  // Addressed to the owner, who reads "You: … – by …": the exact agreement, in the second person.
  const names = { ...(await namesOf(ctx, trajectory)), [agreement.owner]: t('agreement.you') };
  return say(state, [
    {
      text: t(key, {
        line: agreementLine(agreement, names, t, ctx.locale),
        due: formatDate(agreement.due, ctx.locale),
      }),
      blocks: [
        {
          kind: 'buttons',
          buttons: [
            entityButton('agreement.done', t('button.done'), [agreement.id], 'primary'),
            entityButton('agreement.snooze', t('button.snooze', { n: 1 }), [agreement.id, '1']),
            entityButton('agreement.snooze', t('button.snooze', { n: 3 }), [agreement.id, '3']),
            entityButton('agreement.snooze', t('button.snooze', { n: 7 }), [agreement.id, '7']),
            entityButton('agreement.date', t('button.newDate'), [agreement.id]),
            entityButton('agreement.note', t('button.addNote'), [agreement.id]),
          ],
        },
      ],
    },
  ]);
}

const handlers: Record<string, ResumeHandler> = {
  'trajectory.ended': async (ctx, state, payload) => {
    const trajectory = await visibleTrajectory(ctx, str(payload.trajectoryId));
    if (!trajectory) return quiet(state);
    return say(state, [
      { text: ctx.t('end.notice', { name: await personName(ctx, str(payload.byId)), goal: trajectory.goal }) },
    ]);
  },
  'trajectory.invite': async (ctx, state, payload) => {
    const trajectory = await visibleTrajectory(ctx, str(payload.trajectoryId));
    if (!trajectory || trajectory.status !== 'proposed') return quiet(state);
    const names = await namesOf(ctx, trajectory);
    const first = (await ctx.sessions.listForTrajectory(trajectory.id))[0];
    const fromEmployee = trajectory.proposedBy === 'employee';
    const t = ctx.t;
    return say(state, [
      {
        text: t(fromEmployee ? 'invite.toCoach' : 'invite.toEmployee', {
          name: fromEmployee ? names.employee : names.coach,
        }),
        blocks: [
          {
            kind: 'fields',
            fields: [
              { label: t('label.goal'), value: trajectory.goal },
              { label: t('label.rhythm'), value: t('setup.rhythm', { n: trajectory.cadenceDays }) },
              ...(first
                ? [
                    {
                      label: t('label.firstSession'),
                      value: formatInstant(first.startsAt, ctx.person.timeZone, ctx.locale),
                    },
                  ]
                : []),
              { label: t('label.duration'), value: t('minutes', { n: trajectory.durationMinutes }) },
            ],
          },
          {
            kind: 'buttons',
            buttons: [
              entityButton('trajectory.accept', t('button.accept'), [trajectory.id], 'primary'),
              entityButton('trajectory.decline', t('button.decline'), [trajectory.id]),
            ],
          },
        ],
      },
    ]);
  },
  'trajectory.accepted': async (ctx, state, payload) => {
    const trajectory = await visibleTrajectory(ctx, str(payload.trajectoryId));
    if (!trajectory) return quiet(state);
    const first = (await ctx.sessions.listForTrajectory(trajectory.id))[0];
    return say(state, [
      {
        text: ctx.t('trajectory.acceptedBy', {
          name: await personName(ctx, str(payload.byId)),
          when: first ? formatInstant(first.startsAt, ctx.person.timeZone, ctx.locale) : '?',
        }),
      },
    ]);
  },
  'trajectory.declined': async (ctx, state, payload) => {
    const trajectory = await visibleTrajectory(ctx, str(payload.trajectoryId));
    if (!trajectory) return quiet(state);
    return say(state, [
      {
        text: ctx.t('trajectory.declinedBy', { name: await personName(ctx, str(payload.byId)) }),
        blocks: [{ kind: 'buttons', buttons: [entityButton('cmd', ctx.t('help.button.start'), ['start'])] }],
      },
    ]);
  },

  'prep.invite': (ctx, state, payload) => prepInvite(ctx, state, payload, 'prep.invite'),
  'prep.reminder': (ctx, state, payload) => prepInvite(ctx, state, payload, 'prep.reminder'),

  digest: (ctx, state, payload) => digest(ctx, state, payload, false),
  'digest.final': (ctx, state, payload) => digest(ctx, state, payload, true),

  'session.followup': async (ctx, state, payload) => {
    const found = await visibleSession(ctx, str(payload.sessionId));
    if (!found) return quiet(state);
    const { session, trajectory } = found;
    const role = roleIn(trajectory, ctx.person.id);
    if (!role || session.status === 'cancelled' || session.evaluations[role]) return quiet(state);
    const names = await namesOf(ctx, trajectory);
    const other = role === 'employee' ? names.coach : names.employee;
    const t = ctx.t;
    if (session.status === 'held' || session.status === 'evaluated') {
      return say(state, [
        {
          text: t('followup.afterHeld', { other }),
          blocks: [
            {
              kind: 'buttons',
              buttons: [entityButton('after.start', t('followup.continue'), [session.id], 'primary')],
            },
          ],
        },
      ]);
    }
    return say(state, [
      {
        text: t('followup.ask', { other, when: formatInstant(session.startsAt, ctx.person.timeZone, ctx.locale) }),
        blocks: [
          {
            kind: 'buttons',
            buttons: [
              entityButton('session.held', t('followup.held'), [session.id], 'primary'),
              entityButton('session.move', t('followup.moved'), [session.id]),
              entityButton('session.cancel', t('followup.cancelled'), [session.id]),
            ],
          },
        ],
      },
    ]);
  },
  'session.held': async (ctx, state, payload) => {
    const found = await visibleSession(ctx, str(payload.sessionId));
    if (!found) return quiet(state);
    const role = roleIn(found.trajectory, ctx.person.id);
    if (!role || found.session.evaluations[role]) return quiet(state);
    const by = await personName(ctx, str(payload.byId));
    if (state.flow === null) {
      const started = await afterFlow.start(ctx, { sessionId: found.session.id });
      return { ...started, replies: [{ text: ctx.t('followup.markedHeld', { name: by }) }, ...started.replies] };
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
  'session.moved': async (ctx, state, payload) => sessionNotice(ctx, state, payload, 'notice.moved'),
  'session.cancelled': async (ctx, state, payload) => sessionNotice(ctx, state, payload, 'notice.cancelled'),
  'session.next': async (ctx, state, payload) => sessionNotice(ctx, state, payload, 'notice.next'),
  'next.reminder': async (ctx, state, payload) => {
    const found = await visibleSession(ctx, str(payload.sessionId));
    if (!found || found.session.nextSessionId) return quiet(state);
    const sessions = await ctx.sessions.listForTrajectory(found.trajectory.id);
    if (sessions.some((s) => s.number > found.session.number && s.status !== 'cancelled')) return quiet(state);
    const names = await namesOf(ctx, found.trajectory);
    const other = roleIn(found.trajectory, ctx.person.id) === 'employee' ? names.coach : names.employee;
    return say(state, [
      {
        text: ctx.t('nudge.next', { other }),
        blocks: [
          {
            kind: 'buttons',
            buttons: [entityButton('session.plan', ctx.t('button.planNext'), [found.session.id], 'primary')],
          },
        ],
      },
    ]);
  },
  'evaluation.shared': async (ctx, state, payload) => {
    const found = await visibleSession(ctx, str(payload.sessionId));
    if (!found) return quiet(state);
    const role = roleIn(found.trajectory, ctx.person.id);
    const theirs = role === 'employee' ? found.session.evaluations.coach : found.session.evaluations.employee;
    const mine = role ? found.session.evaluations[role] : undefined;
    if (!theirs || !mine) return quiet(state);
    const names = await namesOf(ctx, found.trajectory);
    const other = role === 'employee' ? names.coach : names.employee;
    const t = ctx.t;
    return say(state, [
      {
        text: t('evaluation.shared', { other }),
        blocks: [
          {
            kind: 'fields',
            fields: [
              {
                label: t('evaluation.theirRating', { other }),
                value: theirs.rating ? `${theirs.rating}/5` : t('evaluation.notRated'),
              },
              { label: t('evaluation.theirComment', { other }), value: theirs.comment || t('prep.summary.none') },
              { label: t('evaluation.yourRating'), value: mine.rating ? `${mine.rating}/5` : t('evaluation.notRated') },
            ],
          },
        ],
      },
    ]);
  },

  'agreement.proposed': async (ctx, state, payload) => {
    const found = await visibleAgreement(ctx, str(payload.agreementId));
    if (
      !found ||
      found.agreement.status !== 'proposed' ||
      roleIn(found.trajectory, ctx.person.id) !== found.agreement.owner
    )
      return quiet(state);
    const names = await namesOf(ctx, found.trajectory);
    const by = found.agreement.proposedBy === 'employee' ? names.employee : names.coach;
    const t = ctx.t;
    return say(state, [
      {
        text: t('agreement.proposedTo', { name: by, line: agreementLine(found.agreement, names, t, ctx.locale) }),
        blocks: [
          {
            kind: 'buttons',
            buttons: [
              entityButton('agreement.accept', t('button.accept'), [found.agreement.id], 'primary'),
              entityButton('agreement.adjust', t('button.adjust'), [found.agreement.id]),
              entityButton('agreement.decline', t('button.decline'), [found.agreement.id]),
            ],
          },
        ],
      },
    ]);
  },
  'agreement.done': (ctx, state, payload) => agreementNotice(ctx, state, payload, 'notice.agreementDone'),
  'agreement.accepted': (ctx, state, payload) => agreementNotice(ctx, state, payload, 'notice.agreementAccepted'),
  'agreement.declined': (ctx, state, payload) => agreementNotice(ctx, state, payload, 'notice.agreementDeclined'),
  'agreement.upcoming': (ctx, state, payload) => agreementNudge(ctx, state, payload, 'nudge.upcoming'),
  'agreement.due': (ctx, state, payload) => agreementNudge(ctx, state, payload, 'nudge.due'),
  'agreement.followup': (ctx, state, payload) => agreementNudge(ctx, state, payload, 'nudge.followup'),
  /** To the other person, once: a question, never a reproach (tip 7). */
  'agreement.overdue': async (ctx, state, payload) => {
    const found = await visibleAgreement(ctx, str(payload.agreementId));
    if (!found || found.agreement.status !== 'open') return quiet(state);
    const names = await namesOf(ctx, found.trajectory);
    return say(state, [
      { text: ctx.t('notice.agreementOverdue', { line: agreementLine(found.agreement, names, ctx.t, ctx.locale) }) },
    ]);
  },
};

async function prepInvite(
  ctx: FlowContext,
  state: DialogState<Effect>,
  payload: Readonly<Record<string, unknown>>,
  key: 'prep.invite' | 'prep.reminder',
): Promise<Decided> {
  const found = await visibleSession(ctx, str(payload.sessionId));
  if (!found || found.trajectory.employeeId !== ctx.person.id || !isPreparable(found.session, ctx.now))
    return quiet(state);
  if (found.session.status === 'prepared') return quiet(state);
  if (key === 'prep.reminder' && found.session.status === 'preparing' && state.flow === 'prepare') return quiet(state);
  const names = await namesOf(ctx, found.trajectory);
  const t = ctx.t;
  return say(state, [
    {
      text: t(key, {
        coach: names.coach,
        when: formatInstant(found.session.startsAt, ctx.person.timeZone, ctx.locale),
      }),
      blocks: [
        {
          kind: 'buttons',
          buttons: [
            entityButton(
              'prep.start',
              found.session.status === 'preparing' ? t('prep.continue') : t('help.button.prepare'),
              [found.session.id],
              'primary',
            ),
            entityButton('prep.later', t('button.later'), [found.session.id]),
          ],
        },
      ],
    },
  ]);
}

async function digest(
  ctx: FlowContext,
  state: DialogState<Effect>,
  payload: Readonly<Record<string, unknown>>,
  final: boolean,
): Promise<Decided> {
  const found = await visibleSession(ctx, str(payload.sessionId));
  if (
    !found ||
    found.trajectory.coachId !== ctx.person.id ||
    !['scheduled', 'preparing', 'prepared'].includes(found.session.status)
  )
    return quiet(state);
  return say(state, [await digestFor(ctx, found.session.id, final)]);
}

async function sessionNotice(
  ctx: FlowContext,
  state: DialogState<Effect>,
  payload: Readonly<Record<string, unknown>>,
  key: 'notice.moved' | 'notice.cancelled' | 'notice.next',
): Promise<Decided> {
  const found = await visibleSession(ctx, str(payload.sessionId));
  if (!found) return quiet(state);
  const by = await personName(ctx, str(payload.byId));
  return say(state, [
    { text: ctx.t(key, { name: by, when: formatInstant(found.session.startsAt, ctx.person.timeZone, ctx.locale) }) },
  ]);
}

async function agreementNotice(
  ctx: FlowContext,
  state: DialogState<Effect>,
  payload: Readonly<Record<string, unknown>>,
  key: 'notice.agreementDone' | 'notice.agreementAccepted' | 'notice.agreementDeclined',
): Promise<Decided> {
  const found = await visibleAgreement(ctx, str(payload.agreementId));
  if (!found) return quiet(state);
  const names = await namesOf(ctx, found.trajectory);
  const by = await personName(ctx, str(payload.byId));
  return say(state, [
    { text: ctx.t(key, { name: by, line: agreementLine(found.agreement, names, ctx.t, ctx.locale) }) },
  ]);
}

/** The trajectory a scheduled message is about, from whichever id its payload carries. */
async function trajectoryOf(ctx: FlowContext, payload: Readonly<Record<string, unknown>>): Promise<string | undefined> {
  if (typeof payload.trajectoryId === 'string') return payload.trajectoryId;
  if (typeof payload.sessionId === 'string') return (await ctx.sessions.get(payload.sessionId))?.trajectoryId;
  if (typeof payload.agreementId === 'string') return (await ctx.agreements.get(payload.agreementId))?.trajectoryId;
  return undefined;
}

/**
 * Every scheduled message stays quiet once its trajectory has ended (only the notice that it ended is said), so
 * an item planned before the end can never reach anyone after it.
 */
export const resumeHandlers: Record<string, ResumeHandler> = Object.fromEntries(
  Object.entries(handlers).map(([kind, handler]): [string, ResumeHandler] => [
    kind,
    async (ctx, state, payload, key) => {
      if (kind !== 'trajectory.ended') {
        const trajectoryId = await trajectoryOf(ctx, payload);
        if (trajectoryId && (await ctx.trajectories.get(trajectoryId))?.status === 'ended') return quiet(state);
      }
      return handler(ctx, state, payload, key);
    },
  ]),
);
