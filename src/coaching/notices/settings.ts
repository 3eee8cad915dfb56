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
