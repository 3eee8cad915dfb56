/**
 * The dispatcher: one tick claims due outbox items, one conditional `findOneAndUpdate` each, and delivers what it
 * won, one merged message per person. Any number of instances may tick at once against one database: a claim is
 * won by exactly one of them, and a crashed claimer's items come back when its lease ends.
 *
 * A tick runs rounds until nothing claimable is due: fetch a batch of due keys, add every other due key of the same
 * people (so one person's items merge into one send), claim them all (shuffled, so two instances fetching the same
 * batch spread out instead of colliding item by item), then deliver per person (see person-delivery.ts).
 *
 * Pitfall: the tick's "now" comes from the Clock port, per round. With the development clock, moving time forward
 * and ticking is how the whole cycle is seen in minutes.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Messenger } from '../core/messenger.js';
import { MongoOutbox, type DueRef, type OutboxItem } from './outbox.repo.js';
import { deliverToPerson } from './person-delivery.js';
import { defaultDispatcherSettings, emptyTickResult, type DeliveryListener, type DispatcherSettings, type DispatchStore, type RecipientRepo, type Resumer, type TickResult } from './ports.js';
import type { SendQuota } from './send-quota.repo.js';

export interface DispatcherDeps {
  readonly store: DispatchStore;
  readonly quota: SendQuota;
  readonly people: RecipientRepo;
  readonly resumer: Resumer;
  readonly messengers: readonly Messenger[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** Names this instance in lease owners and in the delivery log. */
  readonly instanceId: string;
  readonly listener?: DeliveryListener;
  readonly settings?: Partial<DispatcherSettings>;
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

export class Dispatcher {
  readonly settings: DispatcherSettings;
  private running: Promise<TickResult> | undefined;
  private stopped = false;

  constructor(private readonly deps: DispatcherDeps) {
    this.settings = { ...defaultDispatcherSettings, ...deps.settings };
  }

  get instanceId(): string {
    return this.deps.instanceId;
  }

  /**
   * One tick. Calls while a tick is running share it (the cron task also never overlaps itself), so the dev clock's
   * "tick now" and the cron cannot run two ticks in one instance.
   */
  tick(): Promise<TickResult> {
    if (this.stopped) return Promise.resolve(emptyTickResult());
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops starting rounds; resolves when the running tick, if any, has finished its current round. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<TickResult> {
    const result = emptyTickResult();
    let fruitless = 0;
    for (let round = 0; round < this.settings.maxRoundsPerTick && !this.stopped; round++) {
      const now = this.deps.clock.now();
      const batch = await this.deps.store.findDue(now, this.settings.batchSize);
      if (batch.length === 0) break;
      const won = await this.claimRound(batch, now, result);
      if (won === 0) {
        // Everything was taken by other instances in between; the next fetch skips leased items. Give up after a
        // few fruitless rounds rather than spin on a server that answers inconsistently.
        if (++fruitless >= 3) break;
      } else fruitless = 0;
    }
    if (result.claimed > 0) this.deps.logger.info({ instance: this.deps.instanceId, ...result }, 'scheduler tick');
    return result;
  }

  private async claimRound(batch: readonly DueRef[], now: Date, result: TickResult): Promise<number> {
    const { store } = this.deps;
    const people = [...new Set(batch.map((r) => r.recipientId))];
    const more = await store.findDueFor(people, now);
    const refs = new Map<string, DueRef>();
    for (const ref of [...batch, ...more]) refs.set(ref.key, ref);
    const owner = MongoOutbox.leaseOwner(this.deps.instanceId);
    const claimed = (await mapLimit(shuffle([...refs.values()]), this.settings.concurrency, (ref) => store.claim(ref.key, now, owner, this.settings.leaseMs))).filter(
      (item): item is OutboxItem => item !== null,
    );
    result.claimed += claimed.length;
    result.lost += refs.size - claimed.length;
    if (claimed.length === 0) return 0;

    const delivered = await store.alreadyDelivered(claimed.map((i) => i.key));
    for (const key of delivered) await store.discard(key);
    result.alreadyDelivered += delivered.size;

    const byPerson = new Map<string, OutboxItem[]>();
    for (const item of claimed) {
      if (delivered.has(item.key)) continue;
      const list = byPerson.get(item.recipientId) ?? [];
      list.push(item);
      byPerson.set(item.recipientId, list);
    }
    await mapLimit([...byPerson.entries()], this.settings.concurrency, async ([personId, items]) => {
      await deliverToPerson({ ...this.deps, settings: this.settings }, { personId, items, owner, now }, result);
    });
    return claimed.length;
  }
}
