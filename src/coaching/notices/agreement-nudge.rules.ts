/**
 * When an open agreement is nudged: pure functions from the agreement, its parties and the settings to the next
 * outbox items (the renderers are in agreement-nudge.notices.ts).
 */
import { nextAllowedMoment } from '../../core/delivery-window.js';
import { addWorkingDays, onOrBeforeWorkingDay } from '../../core/local-time.js';
import type { Agreement, Role } from '../model.js';
import type { AgreementStep, agreementNudgePayloads } from './agreement-nudge.notices.js';
import { agreementPrefix, localMoment, type PlannedOf, type Recipient } from './notice.js';
import type { PlannerSettings } from './settings.js';

type NudgeItem = PlannedOf<typeof agreementNudgePayloads>;

export interface PlannedStep {
  readonly step: AgreementStep;
  readonly at: Date;
}

export interface AgreementParties {
  readonly owner: Recipient;
  readonly other: Recipient | null;
  readonly ownerRole: Role;
}

/**
 * The owner's reminders for one due date, in order, at most `maxRemindersPerAgreement` of them: the first comes
 * before the date ("coming up: what do you still need?"), the others after it, as a question. None on the due day
 * itself: the work is not due before the day is over.
 */
export function agreementSteps(agreement: Agreement, owner: Recipient, settings: PlannerSettings): PlannedStep[] {
  const days = owner.workingHours.days;
  const dueDay = onOrBeforeWorkingDay(agreement.due, days);
  const steps: PlannedStep[] = [];
  const upcomingDay = addWorkingDays(agreement.due, -settings.agreementUpcomingWorkingDaysBefore, days);
  if (settings.agreementUpcomingWorkingDaysBefore > 0 && upcomingDay < dueDay)
    steps.push({ step: 'upcoming', at: localMoment(owner, upcomingDay, settings.nudgeTime) });
  settings.agreementFollowupWorkingDaysAfter.forEach((offset, i) => {
    const day = addWorkingDays(agreement.due, Math.max(1, offset), days);
    steps.push({ step: `followup${i + 1}`, at: localMoment(owner, day, settings.nudgeTime) });
  });
  return steps.slice(0, Math.max(0, settings.maxRemindersPerAgreement));
}

interface NextStep extends PlannedStep {
  readonly key: string;
}

/** The owner's next step: after a snooze the step current at its end, else the first one after `after` or ahead. */
function nextStep(
  steps: readonly PlannedStep[],
  base: string,
  now: Date,
  snoozedUntil: Date | undefined,
  after: AgreementStep | undefined,
): NextStep | undefined {
  if (snoozedUntil && !after) {
    const current = [...steps].reverse().find((x) => x.at <= snoozedUntil);
    if (current)
      return { step: current.step, at: snoozedUntil, key: `${base}${current.step}@${snoozedUntil.toISOString()}` };
    const ahead = steps.find((x) => x.at > snoozedUntil);
    return ahead ? { ...ahead, key: `${base}${ahead.step}` } : undefined;
  }
  const from = after ? steps.findIndex((x) => x.step === after) + 1 : 0;
  const found = steps.slice(from).find((x) => x.at > now);
  return found ? { ...found, key: `${base}${found.step}` } : undefined;
}

function ownerItem(agreement: Agreement, owner: Recipient, next: NextStep): NudgeItem {
  const payload = { agreementId: agreement.id, due: agreement.due };
  const addressing = { key: next.key, recipientId: owner.id, dueAt: next.at };
  if (next.step === 'upcoming') return { ...addressing, kind: 'agreement.upcoming', payload };
  if (next.step === 'due') return { ...addressing, kind: 'agreement.due', payload };
  const followup = Number(next.step.slice('followup'.length));
  return { ...addressing, kind: 'agreement.followup', payload: { ...payload, followup } };
}

/**
 * Only the next message of an open agreement: the first step after `after` (or the first one still ahead). Pending
 * work therefore stays proportional to active agreements, not to what is planned months ahead. Nothing goes to the
 * other person when the date passes (it would feel like monitoring): the coach's next digest asks about it.
 *
 * A snooze (`remindAfter` ahead) replaces that: the step that is current at the snooze's end is sent then, under a
 * key that names the snooze.
 */
export function nextAgreementItems(
  agreement: Agreement,
  parties: AgreementParties,
  settings: PlannerSettings,
  now: Date,
  after?: AgreementStep,
): NudgeItem[] {
  if (agreement.status !== 'open') return [];
  const steps = agreementSteps(agreement, parties.owner, settings);
  const base = `${agreementPrefix(agreement.id)}${agreement.due}/`;
  const snoozedUntil =
    agreement.remindAfter && agreement.remindAfter > now
      ? nextAllowedMoment(parties.owner, agreement.remindAfter)
      : undefined;
  const next = nextStep(steps, base, now, snoozedUntil, after);
  return next ? [ownerItem(agreement, parties.owner, next)] : [];
}
