/**
 * The invitation and the reminder to prepare, to the employee. Planned when a session is scheduled or moved
 * (key `session/{sessionId}/prep/{startsAt}/invite|reminder`); cancelled once the preparation is finished.
 */
import { z } from 'zod';
import { nextAllowedMoment } from '../../core/delivery-window.js';
import { addWorkingDays, localDate, safeZone } from '../../core/local-time.js';
import { entityButton } from '../flow.js';
import { namesOf } from '../flows/agreement.flow.js';
import type { AskedQuestion } from '../listen/reply.routing.js';
import type { Session } from '../model.js';
import { isPreparable, visibleSession } from '../queries.js';
import { daysFromToday, formatInstant, toLocal } from '../time.js';
import {
  later,
  localMoment,
  quiet,
  say,
  sessionPrefix,
  type NoticeRenderer,
  type PlannedOf,
  type Recipient,
  type Renderers,
} from './notice.js';
import type { PlannerSettings } from './settings.js';

const prepPayload = z.object({ sessionId: z.string(), startsAt: z.string() });

/**
 * No invitation or reminder to prepare goes out when the conversation starts within two hours. Preparing takes about
 * ten minutes but needs a quiet moment, and the coach's final digest goes out an hour before the start: a prompt
 * later than two hours before leaves the employee no real time and the coach little chance to read the result, so
 * that close it only nags (tip 2: patience). `prepare` still works until the start. Checked when planned (a
 * conversation moved to this morning) and again when delivered (a prompt held up by working or quiet hours, the
 * day's message limit, a pause or a stopped scheduler).
 */
export const PREP_PROMPT_MIN_LEAD_MS = 2 * 60 * 60 * 1000;

/** A prompt to prepare at `at` would come less than two hours before the conversation (or after its start). */
const tooClose = (startsAt: Date, at: Date): boolean => startsAt.getTime() - at.getTime() < PREP_PROMPT_MIN_LEAD_MS;

export const prepPayloads = {
  'prep.invite': prepPayload,
  /** Sent only when it falls on a later day than the invitation. */
  'prep.reminder': prepPayload,
} as const;

/** Invitation and reminder to prepare (nothing once prepared, nor within two hours of the start). */
export function prepItems(
  session: Session,
  employee: Recipient | null,
  settings: PlannerSettings,
  now: Date,
): PlannedOf<typeof prepPayloads>[] {
  if (!employee || session.status === 'prepared' || session.startsAt <= now) return [];
  const zone = safeZone(employee.timeZone);
  const workingDays = employee.workingHours.days;
  const day = localDate(session.startsAt, zone);
  const stamp = session.startsAt.toISOString();
  const payload = { sessionId: session.id, startsAt: stamp };
  const inviteDay = addWorkingDays(day, -settings.prepInviteWorkingDaysBefore, workingDays);
  const inviteAt = later(localMoment(employee, inviteDay, settings.prepTime), nextAllowedMoment(employee, now));
  if (tooClose(session.startsAt, inviteAt)) return [];
  const prefix = `${sessionPrefix(session.id, 'prep')}${stamp}`;
  const items: PlannedOf<typeof prepPayloads>[] = [
    { key: `${prefix}/invite`, kind: 'prep.invite', recipientId: employee.id, dueAt: inviteAt, payload },
  ];
  const reminderDay = addWorkingDays(day, -settings.prepReminderWorkingDaysBefore, workingDays);
  const reminderAt = localMoment(employee, reminderDay, settings.prepTime);
  // Only when it falls on a later day than the invitation: two prompts on one day would nag.
  if (localDate(reminderAt, zone) > localDate(inviteAt, zone) && !tooClose(session.startsAt, reminderAt))
    items.push({
      key: `${prefix}/reminder`,
      kind: 'prep.reminder',
      recipientId: employee.id,
      dueAt: reminderAt,
      payload,
    });
  return items;
}

type PrepWording =
  | 'prep.invite'
  | 'prep.invite.today'
  | 'prep.invite.tomorrow'
  | 'prep.reminder'
  | 'prep.reminder.today'
  | 'prep.reminder.onDate';

/**
 * "Today" or "tomorrow" only when that is true where and when it is read: the reminder is planned one working day
 * before, but may arrive after a weekend, or later still (the scheduler was down, the dev clock jumped), and an
 * invitation held up may arrive on the day itself. After the start nothing is sent at all (`isPreparable`).
 */
function wording(key: 'prep.invite' | 'prep.reminder', startsAt: Date, now: Date, timeZone: string): PrepWording {
  const zone = safeZone(timeZone);
  const days = daysFromToday(toLocal(startsAt, zone).date, now, zone);
  if (key === 'prep.invite') return days === 0 ? 'prep.invite.today' : days === 1 ? 'prep.invite.tomorrow' : key;
  return days === 0 ? 'prep.reminder.today' : days === 1 ? 'prep.reminder' : 'prep.reminder.onDate';
}

/** Asked to prepare this conversation earlier on the same local day (an invitation held up until the reminder's day). */
const askedToday = (asked: readonly AskedQuestion[], sessionId: string, now: Date, timeZone: string): boolean => {
  const zone = safeZone(timeZone);
  const today = toLocal(now, zone).date;
  return asked.some((q) => q.kind === 'prep' && q.ref === sessionId && toLocal(new Date(q.at), zone).date === today);
};

const prepInvite =
  (key: 'prep.invite' | 'prep.reminder'): NoticeRenderer<z.infer<typeof prepPayload>> =>
  async (ctx, state, payload, _key, asked) => {
    const found = await visibleSession(ctx, payload.sessionId);
    if (!found || found.trajectory.employeeId !== ctx.person.id || !isPreparable(found.session, ctx.now))
      return quiet(state);
    // Held up until less than two hours before the start: too late to be of use (PREP_PROMPT_MIN_LEAD_MS).
    if (tooClose(found.session.startsAt, ctx.now)) return quiet(state);
    const { session } = found;
    if (session.status === 'prepared') return quiet(state);
    if (key === 'prep.reminder' && session.status === 'preparing' && state.flow === 'prepare') return quiet(state);
    // Two prompts on one day would nag (the planner never plans them so): a reminder arriving on the day an
    // invitation held up until then was sent, in the same message or earlier, says nothing.
    if (key === 'prep.reminder' && askedToday(asked, session.id, ctx.now, ctx.person.timeZone)) return quiet(state);
    const names = await namesOf(ctx, found.trajectory);
    const t = ctx.t;
    const startLabel = session.status === 'preparing' ? t('prep.continue') : t('help.button.prepare');
    return say(state, [
      {
        text: t(wording(key, session.startsAt, ctx.now, ctx.person.timeZone), {
          coach: names.coach,
          when: formatInstant(session.startsAt, ctx.person.timeZone, ctx.locale),
        }),
        blocks: [
          {
            kind: 'buttons',
            buttons: [
              entityButton('prep.start', startLabel, [session.id], 'primary'),
              entityButton('prep.later', t('button.later'), [session.id]),
            ],
          },
        ],
      },
    ]);
  };

export const prepRenderers: Renderers<typeof prepPayloads> = {
  'prep.invite': prepInvite('prep.invite'),
  'prep.reminder': prepInvite('prep.reminder'),
};
