/**
 * Global commands, typed in English or Dutch or sent as a slash command. They work from anywhere: a command in the
 * middle of a flow interrupts it, and an interrupted preparation is kept so `prepare` continues where it stopped.
 */
import type { DialogState } from '../core/dialog.js';
import { digestFor, resumePoint } from './actions.js';
import type { CommandName } from './commands.js';
import type { CommandHandler } from './decider.js';
import type { Effect } from './effects.js';
import { decided, entityButton, idle, type Decided, type Flow, type FlowContext } from './flow.js';
import { prepareFlow } from './flows/prepare.flow.js';
import { setupFlow } from './flows/setup.flow.js';
import { settingsFlow } from './flows/settings.flow.js';
import { helpReply } from './help.js';
import {
  activeTrajectories,
  otherId,
  personName,
  roleIn,
  sessionToPrepare,
  upcomingSession,
  visibleSession,
} from './queries.js';
import { formatInstant, toLocal } from './time.js';
import { inSpaceOf, inviteExpired, joinLimiter, normaliseInviteCode } from './walls.js';
import { dashboardView } from './dashboard.view.js';
import { agreementsView, historyView, nextView } from './views.js';
import { moveArgs, showingPlanned, startMove } from './listen/move.answer.js';

/** Leaving a flow: a preparation in progress is remembered (its answers are saved already). */
function leaving(state: DialogState<Effect>): Record<string, unknown> {
  if (state.flow === 'prepare') return { paused: { flow: state.flow, step: state.step, values: state.values } };
  return state.flow === null && state.values.paused ? { paused: state.values.paused } : {};
}

/**
 * Stopping the wrap-up at its evaluation (the rating or the open question) skips the evaluation: recorded, so it
 * stays skipped like one skipped with the button (the agreements and the next date were done by then).
 */
async function skippedBy(ctx: FlowContext, state: DialogState<Effect>): Promise<Effect[]> {
  const evaluating = state.flow === 'after' && (state.step === 'rating' || state.step === 'comment');
  const found = evaluating ? await visibleSession(ctx, String(state.values.sessionId ?? '')) : null;
  const role = found ? roleIn(found.trajectory, ctx.person.id) : undefined;
  return found && role ? [{ type: 'evaluation.skip', sessionId: found.session.id, role }] : [];
}

/** Starts a flow from a command, carrying a paused preparation along. */
async function startFlow(
  flow: Flow,
  ctx: FlowContext,
  state: DialogState<Effect>,
  args: Record<string, unknown>,
): Promise<Decided> {
  const started = await flow.start(ctx, args);
  if (started.frame.flow === null) return { ...started, frame: idle({ ...started.frame.values, ...leaving(state) }) };
  return started;
}

/** Shows something without leaving the flow in progress. */
const show = (state: DialogState<Effect>, replies: Decided['replies']): Decided => decided(state, replies);

/** `join CODE`: the coach joins the trajectory the code belongs to (within their own space). */
const joinWithCode: CommandHandler = async (ctx, state, command) => {
  const code = normaliseInviteCode(command.args);
  if (!code) return show(state, [{ text: ctx.t('join.how') }]);
  if (!joinLimiter.allow(ctx.person.id, ctx.now)) return show(state, [{ text: ctx.t('join.later') }]);
  const found = await ctx.trajectories.findByInviteCode(code);
  const employee = found ? await ctx.people.get(found.employeeId) : null;
  // A code from another workspace, tenant or web space is as unknown as a code that does not exist (walls.ts).
  const trajectory = found && employee && inSpaceOf(employee, ctx.from, ctx.person) ? found : null;
  if (!trajectory || trajectory.status !== 'proposed')
    return show(state, [{ text: ctx.t('join.unknown', { code: command.args.trim().slice(0, 40) }) }]);
  if (trajectory.employeeId === ctx.person.id) return show(state, [{ text: ctx.t('join.self') }]);
  if (inviteExpired(trajectory.createdAt, ctx.now)) return show(state, [{ text: ctx.t('join.expired') }]);
  const name = await personName(ctx, trajectory.employeeId);
  const first = (await ctx.sessions.listForTrajectory(trajectory.id))[0];
  return decided(
    state,
    [
      {
        text: ctx.t('trajectory.accepted.coach', {
          name,
          when: first ? formatInstant(first.startsAt, ctx.person.timeZone, ctx.locale) : '?',
        }),
      },
    ],
    [{ type: 'trajectory.join', trajectoryId: trajectory.id, coachId: ctx.person.id }],
  );
};

/** `prepare`: the next session to prepare, continuing where the person stopped. */
const prepareNext: CommandHandler = async (ctx, state) => {
  const target = await sessionToPrepare(ctx);
  if (!target) {
    const coaching = (await activeTrajectories(ctx, 'coach')).length > 0;
    return show(state, [
      {
        text: ctx.t(coaching ? 'prep.nothingCoach' : 'prep.nothing'),
        blocks: [
          {
            kind: 'buttons',
            buttons: [
              entityButton(
                'cmd',
                ctx.t(coaching ? 'help.button.agenda' : 'help.button.start'),
                [coaching ? 'agenda' : 'start'],
                'primary',
              ),
            ],
          },
        ],
      },
    ]);
  }
  return startFlow(prepareFlow, ctx, state, {
    sessionId: target.session.id,
    ...resumePoint(state, target.session.id),
  });
};

/** `agenda`: the coach's digest of what a coachee prepared (one upcoming session, or a choice). */
const showAgenda: CommandHandler = async (ctx, state, command) => {
  const coachees = await activeTrajectories(ctx, 'coach');
  const upcoming = [];
  for (const trajectory of coachees) {
    const session = await upcomingSession(ctx, trajectory);
    if (session) upcoming.push({ trajectory, session, name: await personName(ctx, trajectory.employeeId) });
  }
  if (upcoming.length === 0)
    return show(state, [{ text: ctx.t(coachees.length ? 'agenda.noneUpcoming' : 'agenda.notCoach') }]);
  const wanted = command.args.trim().toLowerCase();
  const chosen = wanted ? upcoming.filter((u) => u.name.toLowerCase().includes(wanted)) : upcoming;
  if (chosen.length === 1 && chosen[0]) {
    const { session } = chosen[0];
    return show(state, [await digestFor(ctx, session.id, false)]);
  }
  return show(state, [
    {
      text: ctx.t('agenda.choose'),
      blocks: [
        {
          kind: 'buttons',
          buttons: upcoming.map((u) =>
            entityButton(
              'digest.show',
              `${u.name} – ${formatInstant(u.session.startsAt, ctx.person.timeZone, ctx.locale)}`,
              [u.session.id],
            ),
          ),
        },
      ],
    },
  ]);
};

/** `end trajectory`: which running trajectory to end (asked once more before it ends). */
const chooseEnd: CommandHandler = async (ctx, state) => {
  const running = await activeTrajectories(ctx);
  if (running.length === 0) return show(state, [{ text: ctx.t('end.none') }]);
  const buttons = await Promise.all(
    running.map(async (t) =>
      entityButton(
        'trajectory.end',
        ctx.t('end.which', { other: await personName(ctx, otherId(t, ctx.person.id)), goal: t.goal }),
        [t.id],
      ),
    ),
  );
  return show(state, [{ text: ctx.t('end.choose'), blocks: [{ kind: 'buttons', buttons }] }]);
};

export function commandHandlers(flows: ReadonlyMap<string, Flow>): Partial<Record<CommandName, CommandHandler>> {
  return {
    help: async (ctx, state) => show(state, [helpReply(ctx.t)]),
    home: async (ctx, state) => show(state, [await dashboardView(ctx)]),
    // A greeting or a thank-you is answered in kind; inside a flow it is left to the flow's question.
    hello: async (ctx, state) => (state.flow ? null : show(state, [await dashboardView(ctx)])),
    thanks: async (ctx, state) => (state.flow ? null : show(state, [{ text: ctx.t('thanks.reply') }])),

    cancel: async (ctx, state) => {
      if (state.flow === 'prepare') return decided(idle(leaving(state)), [{ text: ctx.t('prep.paused') }]);
      if (state.flow)
        return decided(idle(leaving(state)), [{ text: ctx.t('cancel.done') }], await skippedBy(ctx, state));
      return decided(state, [{ text: ctx.t('cancel.nothing') }]);
    },

    restart: async (ctx, state) => {
      if (state.flow === 'prepare') return prepareFlow.start(ctx, { sessionId: state.values.sessionId, restart: true });
      const flow = state.flow ? flows.get(state.flow) : undefined;
      if (flow === setupFlow) return setupFlow.start(ctx, { role: state.values.role });
      return decided(idle(leaving(state)), [{ text: ctx.t('restart.done') }, helpReply(ctx.t)]);
    },

    start: async (ctx, state) => startFlow(setupFlow, ctx, state, { role: 'employee' }),
    coach: async (ctx, state) => startFlow(setupFlow, ctx, state, { role: 'coach' }),

    join: joinWithCode,

    prepare: prepareNext,

    agenda: showAgenda,

    end: chooseEnd,
    agreements: async (ctx, state) => show(state, await agreementsView(ctx)),
    next: async (ctx, state) => showingPlanned(ctx, state, await nextView(ctx)),
    /** `move`, `verzet naar vrijdag 14:00`: the [Move] button in words; other words after it are no move (null). */
    move: async (ctx, state, command) => {
      const request = moveArgs(command.args, toLocal(ctx.now, ctx.person.timeZone).date);
      return request ? startMove(ctx, state, request) : null;
    },
    history: async (ctx, state) => show(state, await historyView(ctx)),
    settings: async (ctx, state, command) => startFlow(settingsFlow, ctx, state, { text: command.args }),
  };
}
