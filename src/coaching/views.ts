/**
 * Read-only views: the agreements list, the history, the next conversations, the dashboard. Each reads only
 * trajectories the person takes part in.
 */
import type { Block, Reply } from '../core/reply.js';
import { entityButton, type FlowContext } from './flow.js';
import type { Agreement, Role, Session, Trajectory } from './model.js';
import { activeTrajectories, personName, roleIn, upcomingSession } from './queries.js';
import { formatInstant, toLocal } from './time.js';
import { agreementLine, namesOf } from './flows/agreement.flow.js';

export function agreementButtons(ctx: FlowContext, a: Agreement, mine: Role): Block {
  const t = ctx.t;
  if (a.status === 'proposed') {
    return a.owner === mine
      ? {
          kind: 'buttons',
          buttons: [
            entityButton('agreement.accept', t('button.accept'), [a.id], 'primary'),
            entityButton('agreement.adjust', t('button.adjust'), [a.id]),
            entityButton('agreement.decline', t('button.decline'), [a.id]),
          ],
        }
      : { kind: 'buttons', buttons: [entityButton('agreement.drop', t('button.withdraw'), [a.id])] };
  }
  return {
    kind: 'buttons',
    buttons: [
      ...(a.owner === mine ? [entityButton('agreement.done', t('button.done'), [a.id], 'primary')] : []),
      entityButton('agreement.edit', t('button.change'), [a.id]),
      entityButton('agreement.note', t('button.addNote'), [a.id]),
      entityButton('agreement.drop', t('button.drop'), [a.id]),
    ],
  };
}

export async function agreementsView(ctx: FlowContext): Promise<Reply[]> {
  const t = ctx.t;
  const trajectories = await activeTrajectories(ctx);
  if (trajectories.length === 0)
    return [
      {
        text: t('agreements.noTrajectory'),
        blocks: [{ kind: 'buttons', buttons: [entityButton('cmd', t('help.button.start'), ['start'])] }],
      },
    ];
  const replies: Reply[] = [];
  const today = toLocal(ctx.now, ctx.person.timeZone).date;
  for (const trajectory of trajectories) {
    const mine = roleIn(trajectory, ctx.person.id) ?? 'employee';
    const names = await namesOf(ctx, trajectory);
    const list = await ctx.agreements.listForTrajectory(trajectory.id, ['open', 'proposed']);
    const other = mine === 'employee' ? names.coach : names.employee;
    replies.push({
      text: t(list.length ? 'agreements.title' : 'agreements.none', { other }),
      blocks: [
        {
          kind: 'buttons',
          buttons: [
            entityButton('agreement.add', t('agreement.add'), [trajectory.id], 'primary'),
            entityButton('agreement.form', t('agreement.useForm'), [trajectory.id]),
          ],
        },
      ],
    });
    for (const a of list.slice(0, 15)) {
      const state =
        a.status === 'proposed' ? ` (${t('status.proposed')})` : a.due < today ? ` (${t('agreements.pastDue')})` : '';
      replies.push({
        text: `${agreementLine(a, names, t, ctx.locale)}${state}`,
        blocks: [agreementButtons(ctx, a, mine)],
      });
    }
  }
  return replies;
}

export async function nextView(ctx: FlowContext): Promise<Reply[]> {
  const t = ctx.t;
  const trajectories = await activeTrajectories(ctx);
  if (trajectories.length === 0) return [{ text: t('agreements.noTrajectory') }];
  const replies: Reply[] = [];
  for (const trajectory of trajectories) {
    const names = await namesOf(ctx, trajectory);
    const other = roleIn(trajectory, ctx.person.id) === 'employee' ? names.coach : names.employee;
    const next = await upcomingSession(ctx, trajectory);
    if (next) {
      replies.push({
        text: t('next.planned', {
          other,
          when: formatInstant(next.startsAt, ctx.person.timeZone, ctx.locale),
          minutes: next.durationMinutes,
        }),
        blocks: [
          {
            kind: 'buttons',
            buttons: [
              entityButton('session.move', t('button.move'), [next.id]),
              entityButton('session.cancel', t('button.cancelSession'), [next.id]),
            ],
          },
        ],
      });
    } else {
      const sessions = await ctx.sessions.listForTrajectory(trajectory.id);
      const last = sessions[sessions.length - 1];
      replies.push({
        text: t('next.none', { other }),
        ...(last
          ? {
              blocks: [
                {
                  kind: 'buttons' as const,
                  buttons: [entityButton('session.plan', t('button.planNext'), [last.id], 'primary')],
                },
              ],
            }
          : {}),
      });
    }
  }
  return replies;
}

export async function historyView(ctx: FlowContext): Promise<Reply[]> {
  const t = ctx.t;
  const all = (await ctx.trajectories.listForPerson(ctx.person.id)).filter(
    (x) => x.status === 'active' || x.status === 'ended',
  );
  if (all.length === 0) return [{ text: t('agreements.noTrajectory') }];
  const replies: Reply[] = [];
  for (const trajectory of all) {
    const mine = roleIn(trajectory, ctx.person.id) ?? 'employee';
    const names = await namesOf(ctx, trajectory);
    const sessions = (await ctx.sessions.listForTrajectory(trajectory.id)).filter(
      (s) => s.startsAt <= ctx.now || s.status === 'held' || s.status === 'evaluated' || s.status === 'cancelled',
    );
    const agreements = await ctx.agreements.listForTrajectory(trajectory.id);
    const items = sessions.map((s) => historyLine(ctx, s, mine, agreements));
    replies.push({
      text: t('history.title', { other: mine === 'employee' ? names.coach : names.employee, goal: trajectory.goal }),
      blocks: items.length ? [{ kind: 'list', items }] : [{ kind: 'text', text: t('history.none') }],
    });
  }
  return replies;
}

function historyLine(ctx: FlowContext, s: Session, mine: Role, agreements: readonly Agreement[]): string {
  const t = ctx.t;
  const own = s.evaluations[mine];
  const made = agreements.filter((a) => a.sessionId === s.id);
  const done = made.filter((a) => a.status === 'done').length;
  const parts = [
    `#${s.number} ${formatInstant(s.startsAt, ctx.person.timeZone, ctx.locale)}`,
    t(`session.status.${s.status}`),
  ];
  if (s.preparation.goal) parts.push(`${t('label.sessionGoal')}: ${s.preparation.goal}`);
  if (made.length) parts.push(t('history.agreements', { n: made.length, done }));
  if (own?.rating) parts.push(t('history.rating', { n: own.rating }));
  return parts.join(' – ');
}

/** The dashboard (Slack App Home, Teams welcome, web side panel): next conversation, preparation, agreements, coachees. */
export async function dashboardView(ctx: FlowContext): Promise<Reply> {
  const t = ctx.t;
  const blocks: Block[] = [];
  const trajectories = await activeTrajectories(ctx);
  const today = toLocal(ctx.now, ctx.person.timeZone).date;
  const pending = (await ctx.trajectories.listForPerson(ctx.person.id)).filter((x) => x.status === 'proposed');
  for (const p of pending) {
    const invitee = p.proposedBy === 'employee' ? p.coachId : p.employeeId;
    if (invitee !== ctx.person.id) {
      blocks.push({ kind: 'text', text: t('home.pending', { goal: p.goal }) });
      continue;
    }
    // An invitation waiting for this person's answer can be answered right here.
    blocks.push({
      kind: 'text',
      text: t('home.invited', {
        name: await personName(ctx, p.proposedBy === 'employee' ? p.employeeId : p.coachId),
        goal: p.goal,
      }),
    });
    blocks.push({
      kind: 'buttons',
      buttons: [
        entityButton('trajectory.accept', t('button.accept'), [p.id], 'primary'),
        entityButton('trajectory.decline', t('button.decline'), [p.id]),
      ],
    });
  }
  for (const trajectory of trajectories.filter((x) => x.employeeId === ctx.person.id)) {
    const names = await namesOf(ctx, trajectory);
    const next = await upcomingSession(ctx, trajectory);
    blocks.push({
      kind: 'section',
      title: t('home.myCoaching', { coach: names.coach }),
      text: `${t('label.trajectoryGoal')}: ${trajectory.goal}`,
    });
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
    await addAgreements(ctx, blocks, trajectory, 'employee', names, today);
  }
  const coachees = trajectories.filter((x) => x.coachId === ctx.person.id);
  if (coachees.length) {
    blocks.push({ kind: 'section', title: t('home.coachees') });
    for (const trajectory of coachees) {
      const names = await namesOf(ctx, trajectory);
      const next = await upcomingSession(ctx, trajectory);
      blocks.push({
        kind: 'fields',
        fields: [
          {
            label: names.employee,
            value: next
              ? `${formatInstant(next.startsAt, ctx.person.timeZone, ctx.locale)} – ${t(`home.prep.${next.status}` as 'home.prep.scheduled')}`
              : t('home.noNext'),
          },
        ],
      });
      if (next)
        blocks.push({
          kind: 'buttons',
          buttons: [entityButton('digest.show', t('home.viewAgenda', { name: names.employee }), [next.id])],
        });
      await addAgreements(ctx, blocks, trajectory, 'coach', names, today);
    }
  }
  if (blocks.length === 0) {
    blocks.push(
      { kind: 'text', text: t('home.empty') },
      {
        kind: 'buttons',
        buttons: [
          entityButton('cmd', t('help.button.start'), ['start'], 'primary'),
          entityButton('cmd', t('help.title'), ['help']),
        ],
      },
    );
  }
  return { text: t('home.title', { name: ctx.person.displayName }), blocks };
}

async function addAgreements(
  ctx: FlowContext,
  blocks: Block[],
  trajectory: Trajectory,
  mine: Role,
  names: { employee: string; coach: string },
  today: string,
): Promise<void> {
  const open = (await ctx.agreements.listForTrajectory(trajectory.id, ['open']))
    .filter((a) => a.owner === mine)
    .slice(0, 5);
  if (open.length === 0) return;
  blocks.push({ kind: 'section', title: ctx.t('home.openAgreements') });
  for (const a of open) {
    blocks.push({
      kind: 'text',
      text: `${agreementLine(a, names, ctx.t, ctx.locale)}${a.due < today ? ` (${ctx.t('agreements.pastDue')})` : ''}`,
    });
    blocks.push({
      kind: 'buttons',
      buttons: [
        entityButton('agreement.done', ctx.t('button.done'), [a.id], 'primary'),
        entityButton('agreement.snooze', ctx.t('button.snooze', { n: 1 }), [a.id, '1']),
        entityButton('agreement.snooze', ctx.t('button.snooze', { n: 7 }), [a.id, '7']),
      ],
    });
  }
}
