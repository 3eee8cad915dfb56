/**
 * The dispatcher: one tick claims due outbox items a chunk at a time (one command of conditional per-item updates
 * under a claim token, see chunk-delivery.ts) and delivers what it won, one merged message per person. Any number
 * of instances may tick at once against one database: a claim is won by exactly one of them, and a crashed claimer's
 * items come back when its lease ends.
 *
 * A tick runs waves until nothing claimable is due: fetch the due keys (one query, up to `waveSize`), group them by
 * person (so one person's items merge into one send), then claim and deliver a chunk of people at a time (see
 * chunk-delivery.ts). One query per wave, not per item, keeps a tick's reads proportional to pending work, also on a
 * server without range indexes.
 *
 * Pitfall: "now" comes from the Clock port, per chunk. With the development clock, moving time forward
 * and ticking is how the whole cycle is seen in minutes.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { deliverChunk, type ChunkOutcome } from './chunk-delivery.js';
import type { PersonDeliveryDeps } from './person-delivery.js';
import {
  defaultDispatcherSettings,
  emptyTickResult,
  type DispatcherSettings,
  type DueRef,
  type TickResult,
} from './ports.js';

export interface DispatcherDeps extends Omit<PersonDeliveryDeps, 'settings'> {
  readonly clock: Clock;
  readonly settings?: Partial<DispatcherSettings>;
}

/** A fresh, unique lease owner for one claim (instance id + random suffix). */
export const leaseOwner = (instanceId: string): string => `${instanceId}#${randomUUID().slice(0, 8)}`;

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
    if (result.claimed > 0) this.deps.logger.info({ ...result }, 'scheduler tick');
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

  private async claimAndDeliver(keys: readonly string[], result: TickResult): Promise<ChunkOutcome> {
    await this.deps.turnsFirst?.quiet(); // a chunk's bulk reads and writes start between this instance's turns
    const claim = {
      owner: leaseOwner(this.deps.instanceId),
      now: this.deps.clock.now(),
      leaseMs: this.settings.leaseMs,
      track: (items: number) => {
        this.delivering += items;
      },
    };
    return deliverChunk({ ...this.deps, settings: this.settings }, keys, claim, result);
  }
}
