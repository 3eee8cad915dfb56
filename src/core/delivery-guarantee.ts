/**
 * What happens to a scheduled message whose send may already have gone out (its instance died during the platform
 * call, or the database failed before the outcome was recorded). Where the channel can look (Slack: the message's
 * metadata in the DM's history), it looks and never sends twice. Where it cannot (a Teams bot cannot read its chat
 * history), each notice kind says which it prefers (src/coaching/notices/catalogue.ts):
 *  - at most once for reminders and nudges: a lost nudge costs less than the same nudge twice;
 *  - at least once for everything else (invitations, digests, answers to what the other person did): a second copy
 *    is better than none. Such a send is logged with `possibleDuplicate` and counted.
 */
export type DeliveryGuarantee = 'at-most-once' | 'at-least-once';
