/**
 * Bookkeeping for the work a Slack request sets off: what is in flight (the graceful stop and tests wait for it, and
 * report what was cut off by kind), and one queue per person so their turns run in the order they wrote.
 */
import type { ChannelIdentity } from '../../core/events.js';

export class WorkInFlight {
  private readonly inflight = new Map<Promise<unknown>, string>();

  /** Counts work as in flight until it settles; `kind` names it in the stop report ('turns', 'requests', …). */
  track<T>(work: () => Promise<T>, kind = 'other'): Promise<T> {
    const promise = work();
    this.inflight.set(promise, kind);
    void promise.catch(() => undefined).finally(() => this.inflight.delete(promise));
    return promise;
  }

  /** Resolves when every piece of work in flight (also work begun meanwhile) has settled. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight.keys()]);
  }

  /** Work in flight by kind. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const kind of this.inflight.values()) counts[kind] = (counts[kind] ?? 0) + 1;
    return counts;
  }
}

/** Runs each person's work after their earlier work in this process (replies keep the order of the messages). */
export class PersonQueues {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** True when nothing of this person's runs or waits in this process. */
  idle(identity: ChannelIdentity): boolean {
    return !this.tails.has(`${identity.tenantId}:${identity.userId}`);
  }

  run<T>(identity: ChannelIdentity, task: () => Promise<T>): Promise<T> {
    const key = `${identity.tenantId}:${identity.userId}`;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(task);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }
}
