/**
 * What to send when, as pure functions: the planner loads the session or agreement and the people, these compute the
 * outbox items. Every key is deterministic and carries the date or revision it was planned for, so planning twice
 * inserts once, and a reschedule plans under new keys (a delivered key is never sent again).
 *
 * Key layout (the cancel prefixes end in `/`, so `session/t#1/` never matches `session/t#10/`):
 *   session/{sessionId}/prep/{startsAt}/invite|reminder      → employee
 *   session/{sessionId}/digest/{completedAt}                  → coach, urgent
 *   session/{sessionId}/final/{startsAt}                      → coach, urgent
 *   session/{sessionId}/followup/{startsAt}/{role}            → both
 *   session/{sessionId}/next/{startsAt}/{role}                → both
 *   agreement/{agreementId}/{due}/upcoming|due|followupN      → owner
 *   agreement/{agreementId}/{due}/overdue                     → the other person
 */
import type { PlannedItem } from '../coaching/ports.js';
import type { Agreement, Role, Session } from '../coaching/model.js';
import { nextAllowedMoment, type DeliveryPrefs } from './delivery-window.js';
import {
  addWorkingDays,
  localDate,
  onOrBeforeWorkingDay,
  parseHhmm,
  safeZone,
  zonedTimeToUtc,
} from '../core/local-time.js';

/** The planner's defaults are settings (see README "Scheduler"). */
export interface PlannerSettings {
  /** Preparation invitation, working days before the session (PREP_INVITE_WORKING_DAYS_BEFORE). */
  readonly prepInviteWorkingDaysBefore: number;
  /** Preparation reminder, working days before the session (sent only if the invitation went out earlier). */
  readonly prepReminderWorkingDaysBefore: number;
  /** Local time of the preparation invitation and reminder. */
  readonly prepTime: string;
  /** Local time of agreement nudges and next-session reminders. */
  readonly nudgeTime: string;
  /** The final digest to the coach, minutes before the session. */
  readonly digestFinalMinutesBefore: number;
  /** "Was it held?" follow-up to both, minutes after the session's planned end. */
  readonly followupMinutesAfterEnd: number;
  /** Reminder to both when no next session is planned, working days after the session. */
  readonly nextReminderWorkingDaysAfter: number;
  /** "Coming up" nudge, working days before an agreement's due date. */
  readonly agreementUpcomingWorkingDaysBefore: number;
  /** Follow-ups after the due date, in working days; at most `maxAgreementFollowups` of them are used. */
  readonly agreementFollowupWorkingDaysAfter: readonly number[];
  readonly maxAgreementFollowups: number;
  /** The other person hears that an agreement is overdue once, this many working days after the due date. */
  readonly overdueNoticeWorkingDaysAfter: number;
  /** Non-urgent sends per person per local day (MAX_MESSAGES_PER_DAY); several due items merge into one send. */
  readonly maxMessagesPerDay: number;
}

export const defaultPlannerSettings: PlannerSettings = {
  prepInviteWorkingDaysBefore: 2,
  prepReminderWorkingDaysBefore: 1,
  prepTime: '09:00',
  nudgeTime: '09:00',
  digestFinalMinutesBefore: 60,
  followupMinutesAfterEnd: 15,
  nextReminderWorkingDaysAfter: 1,
  agreementUpcomingWorkingDaysBefore: 2,
  agreementFollowupWorkingDaysAfter: [1, 5, 10],
  maxAgreementFollowups: 3,
  overdueNoticeWorkingDaysAfter: 1,
  maxMessagesPerDay: 3,
};

/** The scheduled kinds the coaching domain renders through `engine.resume` (see README "Scheduler"). */
export const scheduledKinds = [
  'prep.invite',
  'prep.reminder',
  'digest',
  'digest.final',
  'session.followup',
  'next.reminder',
  'agreement.upcoming',
  'agreement.due',
  'agreement.followup',
  'agreement.overdue',
] as const;
export type ScheduledKind = (typeof scheduledKinds)[number];

/** A person as the rules need them: id plus delivery preferences. */
export interface Recipient extends DeliveryPrefs {
  readonly id: string;
}

export interface SessionParties {
  readonly employee: Recipient | null;
  readonly coach: Recipient | null;
}

export const sessionPrefix = (sessionId: string, part?: 'prep' | 'digest' | 'final' | 'followup' | 'next'): string =>
  `session/${sessionId}/${part ? `${part}/` : ''}`;
export const agreementPrefix = (agreementId: string): string => `agreement/${agreementId}/`;

/** `HH:MM` on a local date in the recipient's zone, moved to their next allowed moment. */
function at(recipient: Recipient, date: string, hhmm: string, urgent = false): Date {
  const zone = safeZone(recipient.timeZone);
  return nextAllowedMoment(recipient, zonedTimeToUtc(date, parseHhmm(hhmm), zone), urgent);
}

const later = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);

/** Invitation and reminder to prepare (nothing once prepared, or when the session has begun). */
export function prepItems(session: Session, employee: Recipient | null, s: PlannerSettings, now: Date): PlannedItem[] {
  if (!employee || session.status === 'prepared' || session.startsAt <= now) return [];
  const zone = safeZone(employee.timeZone);
  const day = localDate(session.startsAt, zone);
  const stamp = session.startsAt.toISOString();
  const payload = { sessionId: session.id, startsAt: stamp };
  const inviteAt = later(
    at(employee, addWorkingDays(day, -s.prepInviteWorkingDaysBefore, employee.workingHours.days), s.prepTime),
    nextAllowedMoment(employee, now),
  );
  if (inviteAt >= session.startsAt) return [];
  const items: PlannedItem[] = [
    {
      key: `${sessionPrefix(session.id, 'prep')}${stamp}/invite`,
      kind: 'prep.invite',
      recipientId: employee.id,
      dueAt: inviteAt,
      payload,
    },
  ];
  const reminderAt = at(
    employee,
    addWorkingDays(day, -s.prepReminderWorkingDaysBefore, employee.workingHours.days),
    s.prepTime,
  );
  // Only when it falls on a later day than the invitation: two prompts on one day would nag.
  if (localDate(reminderAt, zone) > localDate(inviteAt, zone) && reminderAt < session.startsAt) {
    items.push({
      key: `${sessionPrefix(session.id, 'prep')}${stamp}/reminder`,
      kind: 'prep.reminder',
      recipientId: employee.id,
      dueAt: reminderAt,
      payload,
    });
  }
  return items;
}

/** After the session: "was it held?" to both, and a reminder to plan the next one unless it is planned. */
export function afterSessionItems(
  session: Session,
  parties: SessionParties,
  s: PlannerSettings,
  now: Date,
): PlannedItem[] {
  if (session.status === 'cancelled') return [];
  const stamp = session.startsAt.toISOString();
  const end = new Date(session.startsAt.getTime() + session.durationMinutes * 60_000);
  const items: PlannedItem[] = [];
  for (const [role, person] of [
    ['employee', parties.employee],
    ['coach', parties.coach],
  ] as const) {
    if (!person) continue;
    const payload = { sessionId: session.id, role };
    // Planned even when someone already said it was held: the follow-up also asks for agreements, the next date
    // and the evaluation, and the resume handler leaves out what is already answered.
    const followupAt = nextAllowedMoment(
      person,
      later(new Date(end.getTime() + s.followupMinutesAfterEnd * 60_000), now),
    );
    items.push({
      key: `${sessionPrefix(session.id, 'followup')}${stamp}/${role}`,
      kind: 'session.followup',
      recipientId: person.id,
      dueAt: followupAt,
      payload,
    });
    if (!session.nextSessionId) {
      const day = addWorkingDays(
        localDate(end, safeZone(person.timeZone)),
        s.nextReminderWorkingDaysAfter,
        person.workingHours.days,
      );
      const nextAt = later(at(person, day, s.nudgeTime), nextAllowedMoment(person, now));
      items.push({
        key: `${sessionPrefix(session.id, 'next')}${stamp}/${role}`,
        kind: 'next.reminder',
        recipientId: person.id,
        dueAt: nextAt,
        payload,
      });
    }
  }
  return items;
}

/** The digest to the coach at once (urgent), and the final digest before the session (urgent, so it is on time). */
export function digestItems(
  session: Session,
  coach: Recipient | null,
  s: PlannerSettings,
  now: Date,
  withImmediate: boolean,
): PlannedItem[] {
  if (!coach || session.status === 'cancelled') return [];
  const items: PlannedItem[] = [];
  if (withImmediate) {
    const version = session.preparation.completedAt?.toISOString() ?? `r${session.revision}`;
    items.push({
      key: `${sessionPrefix(session.id, 'digest')}${version}`,
      kind: 'digest',
      recipientId: coach.id,
      dueAt: now,
      payload: { sessionId: session.id },
      urgent: true,
    });
  }
  const finalAt = new Date(session.startsAt.getTime() - s.digestFinalMinutesBefore * 60_000);
  if (finalAt > now) {
    const stamp = session.startsAt.toISOString();
    items.push({
      key: `${sessionPrefix(session.id, 'final')}${stamp}`,
      kind: 'digest.final',
      recipientId: coach.id,
      dueAt: finalAt,
      payload: { sessionId: session.id, startsAt: stamp },
      urgent: true,
    });
  }
  return items;
}

export type AgreementStep = 'upcoming' | 'due' | `followup${number}`;

export interface PlannedStep {
  readonly step: AgreementStep;
  readonly at: Date;
}

/** The owner's nudges for one due date, in order. A due date on a day off is nudged on the working day before. */
export function agreementSteps(agreement: Agreement, owner: Recipient, s: PlannerSettings): PlannedStep[] {
  const days = owner.workingHours.days;
  const dueDay = onOrBeforeWorkingDay(agreement.due, days);
  const steps: PlannedStep[] = [];
  const upcomingDay = addWorkingDays(agreement.due, -s.agreementUpcomingWorkingDaysBefore, days);
  if (s.agreementUpcomingWorkingDaysBefore > 0 && upcomingDay < dueDay)
    steps.push({ step: 'upcoming', at: at(owner, upcomingDay, s.nudgeTime) });
  steps.push({ step: 'due', at: at(owner, dueDay, s.nudgeTime) });
  s.agreementFollowupWorkingDaysAfter.slice(0, s.maxAgreementFollowups).forEach((offset, i) => {
    steps.push({
      step: `followup${i + 1}`,
      at: at(owner, addWorkingDays(agreement.due, Math.max(1, offset), days), s.nudgeTime),
    });
  });
  return steps;
}

const stepKind = (step: AgreementStep): ScheduledKind =>
  step === 'upcoming' ? 'agreement.upcoming' : step === 'due' ? 'agreement.due' : 'agreement.followup';

/** The step a delivered agreement item was, from its kind and payload (undefined for anything else). */
export function deliveredStep(kind: string, payload: Readonly<Record<string, unknown>>): AgreementStep | undefined {
  if (kind === 'agreement.upcoming') return 'upcoming';
  if (kind === 'agreement.due') return 'due';
  if (kind === 'agreement.followup' && typeof payload.followup === 'number') return `followup${payload.followup}`;
  return undefined;
}

export interface AgreementParties {
  readonly owner: Recipient;
  readonly other: Recipient | null;
  readonly ownerRole: Role;
}

/**
 * Only the next message of an open agreement: the first step after `after` (or the first one still ahead), plus the
 * one-time overdue notice to the other person once the due nudge's time has passed. Pending work therefore stays
 * proportional to active agreements, not to what is planned months ahead.
 *
 * A snooze (`remindAfter` ahead) replaces that: the step that is current at the snooze's end is sent then, under a
 * key that names the snooze, and the overdue notice waits for it too.
 */
export function nextAgreementItems(
  agreement: Agreement,
  parties: AgreementParties,
  s: PlannerSettings,
  now: Date,
  after?: AgreementStep,
): PlannedItem[] {
  if (agreement.status !== 'open') return [];
  const steps = agreementSteps(agreement, parties.owner, s);
  const base = `${agreementPrefix(agreement.id)}${agreement.due}/`;
  const items: PlannedItem[] = [];
  const snoozedUntil =
    agreement.remindAfter && agreement.remindAfter > now
      ? nextAllowedMoment(parties.owner, agreement.remindAfter)
      : undefined;
  let next: { step: AgreementStep; at: Date; key: string } | undefined;
  if (snoozedUntil && !after) {
    const current = [...steps].reverse().find((x) => x.at <= snoozedUntil);
    const ahead = steps.find((x) => x.at > snoozedUntil);
    if (current)
      next = { step: current.step, at: snoozedUntil, key: `${base}${current.step}@${snoozedUntil.toISOString()}` };
    else if (ahead) next = { ...ahead, key: `${base}${ahead.step}` };
  } else {
    const from = after ? steps.findIndex((x) => x.step === after) + 1 : 0;
    const found = steps.slice(from).find((x) => x.at > now);
    if (found) next = { ...found, key: `${base}${found.step}` };
  }
  if (next) {
    const followup = next.step.startsWith('followup') ? { followup: Number(next.step.slice('followup'.length)) } : {};
    items.push({
      key: next.key,
      kind: stepKind(next.step),
      recipientId: parties.owner.id,
      dueAt: next.at,
      payload: { agreementId: agreement.id, due: agreement.due, ...followup },
    });
  }
  const dueStep = steps.find((x) => x.step === 'due');
  if (parties.other && dueStep && dueStep.at <= now) {
    const day = addWorkingDays(
      agreement.due,
      Math.max(1, s.overdueNoticeWorkingDaysAfter),
      parties.other.workingHours.days,
    );
    const overdueAt = nextAllowedMoment(
      parties.other,
      later(
        later(zonedTimeToUtc(day, parseHhmm(s.nudgeTime), safeZone(parties.other.timeZone)), now),
        snoozedUntil ?? now,
      ),
    );
    items.push({
      key: `${base}overdue`,
      kind: 'agreement.overdue',
      recipientId: parties.other.id,
      dueAt: overdueAt,
      payload: { agreementId: agreement.id, due: agreement.due, owner: parties.ownerRole },
    });
  }
  return items;
}
