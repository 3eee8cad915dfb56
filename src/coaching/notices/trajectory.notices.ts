/**
 * Notices about a trajectory, each a direct answer to what the other person just did. Planned by the effect applier
 * at once and urgent (key `{effectId}:invite|answer|joined|ended`).
 */
import { z } from 'zod';
import { entityButton, type FlowContext } from '../flow.js';
import { namesOf } from '../flows/agreement.flow.js';
import type { Session, Trajectory } from '../model.js';
import { personName, visibleTrajectory } from '../queries.js';
import { formatInstant } from '../time.js';
import { quiet, say, type Renderers } from './notice.js';

const byPayload = z.object({ trajectoryId: z.string(), byId: z.string() });

export const trajectoryPayloads = {
  /** To the invitee of a proposed trajectory: accept or decline. */
  'trajectory.invite': z.object({ trajectoryId: z.string() }),
  'trajectory.accepted': byPayload,
  'trajectory.declined': byPayload,
  /** To the other person once a trajectory ended: the only notice said after the end. */
  'trajectory.ended': byPayload,
} as const;

const firstSession = async (ctx: FlowContext, trajectory: Trajectory): Promise<Session | undefined> =>
  (await ctx.sessions.listForTrajectory(trajectory.id))[0];

export const trajectoryRenderers: Renderers<typeof trajectoryPayloads> = {
  'trajectory.invite': async (ctx, state, payload) => {
    const trajectory = await visibleTrajectory(ctx, payload.trajectoryId);
    if (!trajectory || trajectory.status !== 'proposed') return quiet(state);
    const names = await namesOf(ctx, trajectory);
    const first = await firstSession(ctx, trajectory);
    const fromEmployee = trajectory.proposedBy === 'employee';
    const t = ctx.t;
    const firstField = first
      ? [{ label: t('label.firstSession'), value: formatInstant(first.startsAt, ctx.person.timeZone, ctx.locale) }]
      : [];
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
              ...firstField,
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
    const trajectory = await visibleTrajectory(ctx, payload.trajectoryId);
    if (!trajectory) return quiet(state);
    const first = await firstSession(ctx, trajectory);
    return say(state, [
      {
        text: ctx.t('trajectory.acceptedBy', {
          name: await personName(ctx, payload.byId),
          when: first ? formatInstant(first.startsAt, ctx.person.timeZone, ctx.locale) : '?',
        }),
      },
    ]);
  },
  'trajectory.declined': async (ctx, state, payload) => {
    const trajectory = await visibleTrajectory(ctx, payload.trajectoryId);
    if (!trajectory) return quiet(state);
    return say(state, [
      {
        text: ctx.t('trajectory.declinedBy', { name: await personName(ctx, payload.byId) }),
        blocks: [{ kind: 'buttons', buttons: [entityButton('cmd', ctx.t('help.button.start'), ['start'])] }],
      },
    ]);
  },
  'trajectory.ended': async (ctx, state, payload) => {
    const trajectory = await visibleTrajectory(ctx, payload.trajectoryId);
    if (!trajectory) return quiet(state);
    return say(state, [
      { text: ctx.t('end.notice', { name: await personName(ctx, payload.byId), goal: trajectory.goal }) },
    ]);
  },
};
