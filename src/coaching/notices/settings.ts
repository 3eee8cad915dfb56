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
  /** Follow-ups to the owner after the due date, in working days (a question: how is it going, a new date is fine). */
  readonly agreementFollowupWorkingDaysAfter: readonly number[];
  /**
   * At most this many reminders per agreement and due date, counted over "coming up" and the follow-ups
   * (MAX_REMINDERS_PER_AGREEMENT, tip 2: patience). There is no reminder on the due day itself, and the other person
   * is never told a date passed: the coach's next digest asks about it as an open question instead.
   */
  readonly maxRemindersPerAgreement: number;
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
  agreementFollowupWorkingDaysAfter: [2, 5],
  maxRemindersPerAgreement: 2,
  maxMessagesPerDay: 3,
};
