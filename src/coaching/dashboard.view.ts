/**
 * The dashboard (Slack App Home, Teams welcome, web side panel): invitations waiting for an answer, the person's own
 * coaching (next conversation, its preparation, open agreements) and, for a coach, their coachees. It reads only
 * trajectories the person takes part in.
 */
import type { Block, Reply } from '../core/reply.js';
import { entityButton, type FlowContext } from './flow.js';
import type { Role, Trajectory } from './model.js';
import { activeTrajectories, personName, upcomingSession } from './queries.js';
import { formatInstant, toLocal } from './time.js';
import { agreementLine, namesOf } from './flows/agreement.flow.js';

type Names = { employee: string; coach: string };

export async function dashboardView(ctx: FlowContext): Promise<Reply> {
  const trajectories = await activeTrajectories(ctx);
  const today = toLocal(ctx.now, ctx.person.timeZone).date;
  const proposed = (await ctx.trajectories.listForPerson(ctx.person.id)).filter((x) => x.status === 'proposed');
  const blocks: Block[] = [];
  for (const trajectory of proposed) blocks.push(...(await invitationBlocks(ctx, trajectory)));
  for (const trajectory of trajectories.filter((x) => x.employeeId === ctx.person.id))
    blocks.push(...(await myCoachingBlocks(ctx, trajectory, today)));
  const coachees = trajectories.filter((x) => x.coachId === ctx.person.id);
  if (coachees.length) {
    blocks.push({ kind: 'section', title: ctx.t('home.coachees') });
    for (const trajectory of coachees) blocks.push(...(await coacheeBlocks(ctx, trajectory, today)));
  }
  if (blocks.length === 0) blocks.push(...nothingYet(ctx));
  return { text: ctx.t('home.title', { name: ctx.person.displayName }), blocks };
}

/** A proposed trajectory: waiting for the other person, or (invited) to be answered right here. */
async function invitationBlocks(ctx: FlowContext, p: Trajectory): Promise<Block[]> {
  const t = ctx.t;
  const invitee = p.proposedBy === 'employee' ? p.coachId : p.employeeId;
  if (invitee !== ctx.person.id) return [{ kind: 'text', text: t('home.pending', { goal: p.goal }) }];
  const name = await personName(ctx, p.proposedBy === 'employee' ? p.employeeId : p.coachId);
  return [
    { kind: 'text', text: t('home.invited', { name, goal: p.goal }) },
    {
      kind: 'buttons',
      buttons: [
        entityButton('trajectory.accept', t('button.accept'), [p.id], 'primary'),
        entityButton('trajectory.decline', t('button.decline'), [p.id]),
      ],
    },
  ];
}

/** The person's own trajectory: its goal, the next conversation and its preparation, their open agreements. */
async function myCoachingBlocks(ctx: FlowContext, trajectory: Trajectory, today: string): Promise<Block[]> {
  const t = ctx.t;
  const names = await namesOf(ctx, trajectory);
  const next = await upcomingSession(ctx, trajectory);
  const blocks: Block[] = [
    {
      kind: 'section',
      title: t('home.myCoaching', { coach: names.coach }),
      text: `${t('label.trajectoryGoal')}: ${trajectory.goal}`,
    },
  ];
  if (next) {
    blocks.push({
      kind: 'fields',
      fields: [
        { label: t('home.next'), value: formatInstant(next.startsAt, ctx.person.timeZone, ctx.locale) },
        { label: t('home.preparation'), value: t(`home.prep.${next.status}` as 'home.prep.scheduled') },
      ],
    });
    if (next.status !== 'prepared')
      blocks.push({
        kind: 'buttons',
        buttons: [entityButton('prep.start', t('help.button.prepare'), [next.id], 'primary')],
      });
  }
  return [...blocks, ...(await agreementBlocks(ctx, trajectory, 'employee', names, today))];
}

/** One coachee: their next conversation and its preparation, the agenda button, the coach's open agreements. */
async function coacheeBlocks(ctx: FlowContext, trajectory: Trajectory, today: string): Promise<Block[]> {
  const t = ctx.t;
  const names = await namesOf(ctx, trajectory);
  const next = await upcomingSession(ctx, trajectory);
  const when = next
    ? `${formatInstant(next.startsAt, ctx.person.timeZone, ctx.locale)} – ${t(`home.prep.${next.status}` as 'home.prep.scheduled')}`
    : t('home.noNext');
  const blocks: Block[] = [{ kind: 'fields', fields: [{ label: names.employee, value: when }] }];
  if (next)
    blocks.push({
      kind: 'buttons',
      buttons: [entityButton('digest.show', t('home.viewAgenda', { name: names.employee }), [next.id])],
    });
  return [...blocks, ...(await agreementBlocks(ctx, trajectory, 'coach', names, today))];
}

/** Nothing to show yet: a way to start, and help. */
function nothingYet(ctx: FlowContext): Block[] {
  return [
    { kind: 'text', text: ctx.t('home.empty') },
    {
      kind: 'buttons',
      buttons: [
        entityButton('cmd', ctx.t('help.button.start'), ['start'], 'primary'),
        entityButton('cmd', ctx.t('help.title'), ['help']),
      ],
    },
  ];
}

/** Up to five open agreements of `mine`, each with done and snooze buttons. */
async function agreementBlocks(
  ctx: FlowContext,
  trajectory: Trajectory,
  mine: Role,
  names: Names,
  today: string,
): Promise<Block[]> {
  const open = (await ctx.agreements.listForTrajectory(trajectory.id, ['open']))
    .filter((a) => a.owner === mine)
    .slice(0, 5);
  if (open.length === 0) return [];
  const blocks: Block[] = [{ kind: 'section', title: ctx.t('home.openAgreements') }];
  for (const a of open) {
    const pastDue = a.due < today ? ` (${ctx.t('agreements.pastDue')})` : '';
    blocks.push({ kind: 'text', text: `${agreementLine(a, names, ctx.t, ctx.locale)}${pastDue}` });
    blocks.push({
      kind: 'buttons',
      buttons: [
        entityButton('agreement.done', ctx.t('button.done'), [a.id], 'primary'),
        entityButton('agreement.snooze', ctx.t('button.snooze.1'), [a.id, '1']),
        entityButton('agreement.snooze', ctx.t('button.snooze.7'), [a.id, '7']),
      ],
    });
  }
  return blocks;
}
