/**
 * The dispatcher: one tick claims due outbox items, one conditional `findOneAndUpdate` each, and delivers what it
 * won, one merged message per person. Any number of instances may tick at once against one database: a claim is
 * won by exactly one of them, and a crashed claimer's items come back when its lease ends.
 *
 * A tick runs waves until nothing claimable is due: fetch the due keys (one query, up to `waveSize`), group them by
 * person (so one person's items merge into one send), then claim and deliver a chunk of people at a time (see
 * person-delivery.ts). One query per wave, not per item, keeps a tick's reads proportional to pending work, also on a
 * server without range indexes.
 *
 * Pitfall: "now" comes from the Clock port, per chunk. With the development clock, moving time forward
 * and ticking is how the whole cycle is seen in minutes.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { deliverToPerson, type PersonDeliveryDeps } from './person-delivery.js';
import {
  defaultDispatcherSettings,
  emptyTickResult,
  type DispatcherSettings,
  type DueRef,
  type OutboxItem,
  type TickResult,
} from './ports.js';

export interface DispatcherDeps extends Omit<PersonDeliveryDeps, 'settings'> {
  readonly clock: Clock;
  readonly settings?: Partial<DispatcherSettings>;
}

/** A fresh, unique lease owner for one claim (instance id + random suffix). */
export const leaseOwner = (instanceId: string): string => `${instanceId}#${randomUUID().slice(0, 8)}`;

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

export class Dispatcher {
  readonly settings: DispatcherSettings;
  private running: Promise<TickResult> | undefined;
  private stopped = false;
  /** Items claimed by this instance whose delivery has not settled yet (the graceful stop reports them). */
  private delivering = 0;

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

  /** How many claimed items are being delivered right now. */
  inFlight(): number {
    return this.delivering;
  }

  /** Stops starting rounds; resolves when the running tick, if any, has finished its current round. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<TickResult> {
    const result = emptyTickResult();
    let fruitless = 0;
    for (let wave = 0; wave < this.settings.maxWavesPerTick && !this.stopped; wave++) {
      const refs = await this.deps.store.findDue(this.deps.clock.now(), this.settings.waveSize);
      if (refs.length === 0) break;
      if ((await this.wave(refs, result)) === 0) {
        // Everything was taken by other instances in between; the next fetch skips leased items. Give up after a
        // few fruitless waves rather than spin on a server that answers inconsistently.
        if (++fruitless >= 3) break;
      } else fruitless = 0;
    }
    if (result.claimed > 0) this.deps.logger.info({ instance: this.deps.instanceId, ...result }, 'scheduler tick');
    return result;
  }

  /**
   * One wave: every claimable due item (up to `waveSize`) grouped by person, so one person's items go out as one
   * message. People are taken in chunks of about `batchSize` items, starting at a random person, so instances that
   * fetched the same wave start apart; a chunk that loses most of its claims ends the wave (the next fetch skips
   * what others hold).
   */
  private async wave(refs: readonly DueRef[], result: TickResult): Promise<number> {
    const byPerson = new Map<string, string[]>();
    for (const ref of refs) {
      const keys = byPerson.get(ref.recipientId) ?? [];
      keys.push(ref.key);
      byPerson.set(ref.recipientId, keys);
    }
    const people = [...byPerson.keys()];
    const offset = Math.floor(Math.random() * people.length);
    const ordered = [...people.slice(offset), ...people.slice(0, offset)];
    let won = 0;
    let chunk: string[] = [];
    for (let i = 0; i < ordered.length && !this.stopped; i++) {
      chunk.push(...(byPerson.get(ordered[i] as string) ?? []));
      if (chunk.length < this.settings.batchSize && i < ordered.length - 1) continue;
      const outcome = await this.claimAndDeliver(chunk, result);
      won += outcome.won;
      if (outcome.lost > outcome.won) break;
      chunk = [];
    }
    return won;
  }

  private async claimAndDeliver(keys: readonly string[], result: TickResult): Promise<{ won: number; lost: number }> {
    const { store } = this.deps;
    const now = this.deps.clock.now();
    const owner = leaseOwner(this.deps.instanceId);
    const claimed = (
      await mapLimit(keys, this.settings.concurrency, (key) => store.claim(key, now, owner, this.settings.leaseMs))
    ).filter((item): item is OutboxItem => item !== null);
    result.claimed += claimed.length;
    result.lost += keys.length - claimed.length;
    if (claimed.length === 0) return { won: 0, lost: keys.length };

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
    for (const items of byPerson.values()) this.delivering += items.length;
    await mapLimit([...byPerson.entries()], this.settings.concurrency, async ([personId, items]) => {
      try {
        await deliverToPerson({ ...this.deps, settings: this.settings }, { personId, items, owner, now }, result);
      } finally {
        this.delivering -= items.length;
      }
    });
    return { won: claimed.length, lost: keys.length - claimed.length };
  }
}
