/**
 * How long one platform call of a scheduled send may take, for an outbox lease of `leaseMs`: a quarter of the lease,
 * at most 15 s; and the margin kept on top of it (drift between instances' clocks). The scheduler starts a send only
 * while its claim lasts at least both (scheduler/claim-lease.ts), and a channel gives its proactive calls this timeout
 * (Slack: the messenger's Web API client), so every post has reached the platform or been aborted before another
 * instance may claim the item and look for it there.
 */
export function sendBounds(leaseMs: number): { readonly timeoutMs: number; readonly marginMs: number } {
  return {
    timeoutMs: Math.min(15_000, Math.floor(leaseMs / 4)),
    marginMs: Math.min(5_000, Math.floor(leaseMs / 10)),
  };
}
