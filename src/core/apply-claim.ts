/**
 * The claim on applying a committed revision's pending effects (engine.ts). Short, so a turn killed while applying
 * holds that person's next turn only for a few seconds, and renewed while the application runs, so a slow one keeps
 * it: only one turn applies a revision's effects at a time, and effects land in revision order.
 *
 * The claim's end (`applyingUntil`) is its token: a renewal only succeeds while the stored end is the one this claimer
 * wrote (a later claimer writes a later end). Before each effect the claimer confirms it still holds the claim for
 * at least half a lease (renewing first when less is left); one that lost it (frozen past its lease, taken over)
 * applies nothing more and leaves the rest to the new claimer, which applies every effect (each is idempotent
 * under its id).
 */
import type { DialogRepo } from './dialog.js';

/** Default length of the apply claim (real time). */
export const DEFAULT_APPLY_LEASE_MS = 5_000;

type Claims = Pick<DialogRepo, 'claimPending' | 'renewPending'>;

export class ApplyClaim {
  private lost = false;
  private renewing: Promise<boolean> | undefined;
  private readonly heartbeat: NodeJS.Timeout;

  private constructor(
    private readonly dialogs: Claims,
    private readonly personId: string,
    private readonly revision: number,
    private readonly leaseMs: number,
    private until: Date,
  ) {
    this.heartbeat = setInterval(() => void this.renew().catch(() => false), Math.max(100, leaseMs / 3));
    this.heartbeat.unref();
  }

  /** Takes the claim on `revision`'s pending effects; null when another turn holds it or nothing is pending. */
  static async take(dialogs: Claims, personId: string, revision: number, leaseMs: number): Promise<ApplyClaim | null> {
    const now = new Date();
    const until = new Date(now.getTime() + leaseMs);
    if (!(await dialogs.claimPending(personId, revision, until, now))) return null;
    return new ApplyClaim(dialogs, personId, revision, leaseMs, until);
  }

  /** True while the claim is held for at least half a lease more (renewed first when less is left). */
  async confirm(): Promise<boolean> {
    if (this.lost) return false;
    if (this.until.getTime() - Date.now() > this.leaseMs / 2) return true;
    return this.renew();
  }

  stop(): void {
    clearInterval(this.heartbeat);
  }

  /** One renewal at a time (two at once would race on the same token). A database error is thrown to the caller. */
  private renew(): Promise<boolean> {
    if (this.lost) return Promise.resolve(false);
    this.renewing ??= (async () => {
      const next = new Date(Date.now() + this.leaseMs);
      const held = await this.dialogs.renewPending(this.personId, this.revision, this.until, next);
      if (held) this.until = next;
      else this.lost = true;
      return held;
    })().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }
}
