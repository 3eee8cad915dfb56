/**
 * A chunk's claim while it is being delivered: renewed in the background, and asked before every send whether it
 * still lasts long enough. This is what makes a message impossible to send twice through an expired lease:
 *
 *  - the lease is renewed every third of its length while the chunk runs (a slow render or a slow platform does not
 *    let it run out; only a dead or frozen instance loses it);
 *  - a send may only start while the claim is known to last at least one platform call's timeout plus a margin
 *    (`sendBudget`); otherwise it is not started (after one renewal attempt), so every post this instance makes has
 *    reached the platform or been aborted before another instance can claim the item and look in its history;
 *  - the platform call carries that moment as `notAfter`, checked by the messenger right before the call itself.
 *
 * Times are the dispatcher's clock (the claim's `leaseUntil` is written in it); `notAfter` is converted to real time
 * for the messenger, which measures its calls in real time.
 */
import type { Clock } from '../core/clock.js';
import { sendBounds } from '../core/send-bounds.js';
import type { DispatchStore, DispatcherSettings } from './ports.js';

export class ClaimLease {
  private held: Set<string>;
  private heldUntil: number;
  private renewing: Promise<void> | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Pick<DispatchStore, 'renewMany'>,
    private readonly clock: Clock,
    readonly owner: string,
    keys: readonly string[],
    claimedAt: Date,
    private readonly settings: Pick<DispatcherSettings, 'leaseMs'>,
  ) {
    this.held = new Set(keys);
    this.heldUntil = claimedAt.getTime() + settings.leaseMs;
  }

  /** Renews every third of the lease until `stop`. */
  start(): void {
    this.heartbeat = setInterval(() => void this.renew(), Math.max(200, this.settings.leaseMs / 3));
    this.heartbeat.unref();
  }

  stop(): void {
    clearInterval(this.heartbeat);
  }

  /**
   * Of the keys `asked` about, those in `held` are still this claim's (a write conditional on the owner, as
   * markSending); the others were taken over. The known end is not raised: it stands for all the chunk's keys.
   */
  confirmed(asked: readonly string[], held: ReadonlySet<string>): void {
    for (const key of asked) if (!held.has(key)) this.held.delete(key);
  }

  /** One renewal at a time; a failed one leaves the last known end standing (it runs out on its own). */
  renew(): Promise<void> {
    this.renewing ??= (async () => {
      const until = new Date(this.clock.now().getTime() + this.settings.leaseMs);
      try {
        const keys = [...this.held];
        if (keys.length === 0) return;
        this.confirmed(keys, await this.store.renewMany(keys, this.owner, until));
        this.heldUntil = until.getTime();
      } catch {
        // The database is away: the lease runs out at its last known end, and sends stop before it.
      }
    })().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  /**
   * Whether a send of these keys may start now: all still held, for at least a call's timeout plus the margin (one
   * renewal is tried when the time left is short). Returns the real-time moment after which the send's platform call
   * must not start, or a reason not to send.
   */
  async sendBudget(keys: readonly string[]): Promise<{ notAfter: number } | { refused: 'lost' | 'expiring' }> {
    const { timeoutMs, marginMs } = sendBounds(this.settings.leaseMs);
    const left = (): number => this.heldUntil - this.clock.now().getTime() - timeoutMs - marginMs;
    if (keys.some((key) => !this.held.has(key))) return { refused: 'lost' };
    if (left() <= 0) await this.renew();
    if (keys.some((key) => !this.held.has(key))) return { refused: 'lost' };
    const budget = left();
    return budget > 0 ? { notAfter: Date.now() + budget } : { refused: 'expiring' };
  }
}
