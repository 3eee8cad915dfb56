/**
 * `my data` / `mijn gegevens`: the export, as files where the channel allows. `delete my data` / `verwijder mijn
 * gegevens`: a confirmation that says what will go, then one effect that tells the other person of each trajectory and
 * removes everything (src/store/personal-data.ts).
 */
import type { DialogState } from '../../core/dialog.js';
import { withFiles } from '../../core/reply.js';
import type { ActionHandler, CommandHandler } from '../decider.js';
import type { Effect } from '../effects.js';
import { decided, entityButton, idle, type Decided, type FlowContext } from '../flow.js';
import type { Applying, EffectOf } from '../apply/handler.js';
import { exportFiles } from './export.render.js';

const show = (state: DialogState<Effect>, text: string): Decided => decided(state, [{ text }]);

const myData: CommandHandler = async (ctx, state) => {
  const record = await ctx.personalData?.collect(ctx.person.id);
  if (!record) return show(state, ctx.t('notFound'));
  const files = exportFiles(record, ctx.t, ctx.locale, ctx.now);
  return decided(state, [withFiles({ text: ctx.t('privacy.export.intro') }, ...files)]);
};

const forget: CommandHandler = async (ctx: FlowContext, state) => {
  const record = await ctx.personalData?.collect(ctx.person.id);
  const trajectories = record?.trajectories ?? [];
  const counts = {
    trajectories: trajectories.length,
    sessions: trajectories.reduce((n, h) => n + h.sessions.length, 0),
    agreements: trajectories.reduce((n, h) => n + h.agreements.length, 0),
  };
  return decided(state, [
    {
      text: ctx.t('privacy.erase.confirm', counts),
      blocks: [
        {
          kind: 'buttons',
          buttons: [
            entityButton('privacy.erase', ctx.t('privacy.erase.yes'), [], 'danger'),
            entityButton('privacy.keep', ctx.t('privacy.erase.no'), [], 'primary'),
          ],
        },
      ],
    },
  ]);
};

export const privacyCommands = { mydata: myData, forget } as const;

export const privacyActions: Record<string, ActionHandler> = {
  // Whatever flow was running stops: nothing of it will exist any more.
  'privacy.erase': async (ctx) =>
    decided(idle(), [{ text: ctx.t('privacy.erase.done') }], [{ type: 'person.erase', personId: ctx.person.id }]),
  'privacy.keep': async (ctx, state) => show(state, ctx.t('privacy.erase.kept')),
};

/**
 * Tells the other person of each trajectory first (keys made of their id and the trajectory's start, never the
 * leaving person's id, so nothing of theirs stays in the outbox), then removes everything. Applied again after a
 * crash, the notices deduplicate and the removal finds nothing more.
 */
export async function erasePerson(effect: EffectOf<'person.erase'>, at: Applying): Promise<void> {
  const data = at.repos.personalData;
  if (!data) return;
  const record = await data.collect(effect.personId);
  for (const held of record?.trajectories ?? []) {
    const { trajectory } = held;
    const other = held.role === 'employee' ? trajectory.coachId : trajectory.employeeId;
    if (!other || other === effect.personId || trajectory.status === 'declined') continue;
    await at.repos.outbox.plan({
      key: `privacy.removed:${other}:${trajectory.createdAt.getTime()}`,
      kind: 'privacy.trajectoryRemoved',
      recipientId: other,
      dueAt: at.now,
      payload: { role: held.role === 'employee' ? 'coach' : 'employee', startedAt: trajectory.createdAt.toISOString() },
      urgent: true,
    });
  }
  await data.erase(effect.personId);
}
