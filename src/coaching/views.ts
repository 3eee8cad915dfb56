/**
 * Read-only views: the agreements list, the history, the next conversations (the dashboard is in dashboard.view.ts).
 * Each reads only trajectories the person takes part in.
 */
import type { Block, Reply } from '../core/reply.js';
import { entityButton, type FlowContext } from './flow.js';
import type { Agreement, Role, Session } from './model.js';
import { activeTrajectories, roleIn, upcomingSession } from './queries.js';
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
