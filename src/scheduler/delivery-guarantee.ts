/**
 * What happens to a scheduled message whose send may already have gone out (its instance died during the platform
 * call, or the database failed before the outcome was recorded). Where the channel can look (Slack: the message's
 * metadata in the DM's history), it looks and never sends twice. Where it cannot (a Teams bot cannot read its chat
 * history), each kind chooses:
 *  - at most once for reminders and nudges: a lost nudge costs less than the same nudge twice;
 *  - at least once for everything else (invitations, digests, answers to what the other person did): a second copy
 *    is better than none. Such a send is logged with `possibleDuplicate` and counted.
 */
export type DeliveryGuarantee = 'at-most-once' | 'at-least-once';

/** Reminder kinds: at most once where the platform cannot be checked. */
export const AT_MOST_ONCE_KINDS: ReadonlySet<string> = new Set([
  'prep.reminder',
  'next.reminder',
  'session.followup',
  'agreement.upcoming',
  'agreement.due',
  'agreement.followup',
  'agreement.overdue',
]);

export function guaranteeOf(kind: string): DeliveryGuarantee {
  return AT_MOST_ONCE_KINDS.has(kind) ? 'at-most-once' : 'at-least-once';
}
