/** Buttons on a trajectory: answer an invitation, end it (asked once more), keep it. */
import type { DialogState } from '../../core/dialog.js';
import type { ActionHandler } from '../decider.js';
import type { Effect } from '../effects.js';
import { decided, entityButton, idle, type Decided, type FlowContext } from '../flow.js';
import { namesOf } from '../flows/agreement.flow.js';
import { visibleTrajectory } from '../queries.js';
import { formatInstant } from '../time.js';
import { keep, notFound } from './shared.js';

export const trajectoryActions: Record<string, ActionHandler> = {
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
