/**
 * After a session, to both: "was it held?" (key `session/{sessionId}/followup/{startsAt}/{role}`), and a reminder to
 * plan the next one unless it is planned (key `session/{sessionId}/next/{startsAt}/{role}`).
 */
import { z } from 'zod';
import { nextAllowedMoment } from '../../core/delivery-window.js';
import { addWorkingDays, localDate, safeZone } from '../../core/local-time.js';
import { entityButton } from '../flow.js';
import { namesOf } from '../flows/agreement.flow.js';
import { roleSchema, type Role, type Session } from '../model.js';
import { roleIn, visibleSession } from '../queries.js';
import { formatInstant } from '../time.js';
import {
  later,
  localMoment,
  quiet,
  say,
  sessionPrefix,
  type PlannedOf,
  type Recipient,
  type Renderers,
} from './notice.js';
import type { PlannerSettings } from './settings.js';

const rolePayload = z.object({ sessionId: z.string(), role: roleSchema });

export const afterSessionPayloads = {
  'session.followup': rolePayload,
  'next.reminder': rolePayload,
} as const;

type AfterSessionItem = PlannedOf<typeof afterSessionPayloads>;

export interface SessionParties {
  readonly employee: Recipient | null;
  readonly coach: Recipient | null;
}

function itemsFor(
  session: Session,
  role: Role,
  person: Recipient,
  settings: PlannerSettings,
  now: Date,
): AfterSessionItem[] {
  const stamp = session.startsAt.toISOString();
  const end = new Date(session.startsAt.getTime() + session.durationMinutes * 60_000);
  const payload = { sessionId: session.id, role };
  // Planned even when someone already said it was held: the follow-up also asks for agreements, the next date
  // and the evaluation, and the renderer leaves out what is already answered.
  const followupAt = nextAllowedMoment(
    person,
    later(new Date(end.getTime() + settings.followupMinutesAfterEnd * 60_000), now),
  );
  const items: AfterSessionItem[] = [
    {
      key: `${sessionPrefix(session.id, 'followup')}${stamp}/${role}`,
      kind: 'session.followup',
      recipientId: person.id,
      dueAt: followupAt,
      payload,
    },
  ];
  if (!session.nextSessionId) {
    const zone = safeZone(person.timeZone);
    const day = addWorkingDays(localDate(end, zone), settings.nextReminderWorkingDaysAfter, person.workingHours.days);
    const nextAt = later(localMoment(person, day, settings.nudgeTime), nextAllowedMoment(person, now));
    items.push({
      key: `${sessionPrefix(session.id, 'next')}${stamp}/${role}`,
      kind: 'next.reminder',
      recipientId: person.id,
      dueAt: nextAt,
      payload,
    });
  }
  return items;
}

/** After the session: "was it held?" to both, and a reminder to plan the next one unless it is planned. */
export function afterSessionItems(
  session: Session,
  parties: SessionParties,
  settings: PlannerSettings,
  now: Date,
): AfterSessionItem[] {
  if (session.status === 'cancelled') return [];
  return [
    ...(parties.employee ? itemsFor(session, 'employee', parties.employee, settings, now) : []),
    ...(parties.coach ? itemsFor(session, 'coach', parties.coach, settings, now) : []),
  ];
}

export const afterSessionRenderers: Renderers<typeof afterSessionPayloads> = {
  'session.followup': async (ctx, state, payload) => {
    const found = await visibleSession(ctx, payload.sessionId);
    if (!found) return quiet(state);
    const { session, trajectory } = found;
    const role = roleIn(trajectory, ctx.person.id);
    // Wrapped up already (evaluated, or the evaluation skipped): nothing to ask.
    if (!role || session.status === 'cancelled' || session.evaluations[role] || session.evaluationSkipped?.[role])
      return quiet(state);
    const names = await namesOf(ctx, trajectory);
    const other = role === 'employee' ? names.coach : names.employee;
    const t = ctx.t;
    if (session.status === 'held' || session.status === 'evaluated') {
      const buttons = [entityButton('after.start', t('followup.continue'), [session.id], 'primary')];
      return say(state, [{ text: t('followup.afterHeld', { other }), blocks: [{ kind: 'buttons', buttons }] }]);
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
  'next.reminder': async (ctx, state, payload) => {
    const found = await visibleSession(ctx, payload.sessionId);
    if (!found || found.session.nextSessionId) return quiet(state);
    const sessions = await ctx.sessions.listForTrajectory(found.trajectory.id);
    if (sessions.some((s) => s.number > found.session.number && s.status !== 'cancelled')) return quiet(state);
    const names = await namesOf(ctx, found.trajectory);
    const other = roleIn(found.trajectory, ctx.person.id) === 'employee' ? names.coach : names.employee;
    const buttons = [entityButton('session.plan', ctx.t('button.planNext'), [found.session.id], 'primary')];
    return say(state, [{ text: ctx.t('nudge.next', { other }), blocks: [{ kind: 'buttons', buttons }] }]);
  },
};
