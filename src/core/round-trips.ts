/**
 * Database round trips, counted: the store reports every command it sends to MongoDB (the driver's command
 * monitoring), and a piece of work that wants to know what it cost (a turn, a delivery wave) runs inside a meter.
 * Commands are attributed through AsyncLocalStorage, so work started inside a meter (awaited or not) counts towards it,
 * and concurrent turns each count their own. Counts only: never a command's contents.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The commands one piece of work sent, by command name (`find`, `update`, `insert`, …). */
export class RoundTripMeter {
  count = 0;
  readonly byCommand: Record<string, number> = {};
  /** The same by command and collection (`find dialogs`), in the order first sent. */
  readonly byTarget: Record<string, number> = {};
  /**
   * What the work waited for, in order: each wait is the commands it had in flight together (sent while another of
   * its own was still out), so `[[insert inbox, aggregate people], [update dialogs]]` is two waits for three commands.
   */
  readonly waits: string[][] = [];
  /** How many times it waited (the first 20 are kept in `waits`, with up to 10 commands each). */
  waitCount = 0;
  private inFlight = 0;

  /** Runs `work` with this meter counting every command it (and whatever it starts) sends. */
  run<T>(work: () => T): T {
    return current.run(this, work);
  }

  /** Counts a command (`weight` of one: a command sent for several pieces of work counts a share for each). */
  add(command: string, target: string, weight = 1): void {
    this.count += weight;
    this.byCommand[command] = (this.byCommand[command] ?? 0) + weight;
    this.byTarget[target] = (this.byTarget[target] ?? 0) + weight;
  }

  /** A command of this work went out (`target`: `insert inbox`); it joins the current wait if one is in flight. */
  sent(target: string): void {
    if (this.inFlight++ === 0 && ++this.waitCount <= 20) this.waits.push([]);
    const wait = this.waitCount <= 20 ? this.waits.at(-1) : undefined;
    if (wait && wait.length < 10) wait.push(target);
  }

  /** A command of this work came back (answer or error). */
  settled(): void {
    if (this.inFlight > 0) this.inFlight--;
  }

  /** `insert inbox + aggregate people → update dialogs`: the waits, for a debug line. */
  path(): string {
    const shown = this.waits.map((wait) => wait.join(' + ')).join(' → ');
    return this.waitCount > this.waits.length ? `${shown} → …` : shown;
  }

  /** `insert inbox 1, find dialogs 1, update dialogs 1`: for a debug line. */
  summary(): string {
    return Object.entries(this.byTarget)
      .map(([name, n]) => `${name} ${Number.isInteger(n) ? n : n.toFixed(2)}`)
      .join(', ');
  }
}

const current = new AsyncLocalStorage<RoundTripMeter>();
let total = 0;

/** One command sent for several pieces of work at once (store/batcher.ts): each of their meters counts its share. */
class SharedMeter extends RoundTripMeter {
  constructor(private readonly parts: readonly (RoundTripMeter | undefined)[]) {
    super();
  }

  override add(command: string, target: string, weight = 1): void {
    super.add(command, target, weight);
    const share = weight / Math.max(1, this.parts.length);
    for (const part of this.parts) part?.add(command, target, share);
  }

  override sent(target: string): void {
    for (const part of this.parts) part?.sent(target);
  }

  override settled(): void {
    for (const part of this.parts) part?.settled();
  }
}

/** Time spent waiting for the database, by command and collection (`find dialogs`): for an operator's metrics. */
export interface CommandTime {
  readonly command: string;
  readonly collection: string;
  calls: number;
  seconds: number;
}
const times = new Map<string, CommandTime>();

export const roundTrips = {
  /**
   * Called by the store for every command sent to the database; gives back the meter counting it, whose `settled` the
   * store calls when the answer comes back.
   */
  record(command: string, collection?: string): RoundTripMeter | undefined {
    total++;
    const meter = current.getStore();
    const target = collection ? `${command} ${collection}` : command;
    meter?.add(command, target);
    meter?.sent(target);
    return meter;
  },
  /**
   * Runs `work`, whose commands serve several pieces of work at once (one per entry of `meters`, which may be
   * unmetered): each meter counts its share of every command `work` sends, and no other meter counts them.
   */
  shared<T>(meters: readonly (RoundTripMeter | undefined)[], work: () => T): T {
    return current.run(new SharedMeter(meters), work);
  },
  /** Called by the store when a command's answer (or error) came back, `ms` after it was sent. */
  finished(command: string, collection: string | undefined, ms: number): void {
    const key = `${command} ${collection ?? '-'}`;
    let entry = times.get(key);
    if (!entry) {
      entry = { command, collection: collection ?? '-', calls: 0, seconds: 0 };
      times.set(key, entry);
    }
    entry.calls++;
    entry.seconds += ms / 1000;
  },
  /** Calls and time so far by command and collection (counters: they only grow). */
  times(): readonly CommandTime[] {
    return [...times.values()];
  },
  /** Commands sent by this process so far (a benchmark divides the difference by the work done). */
  total(): number {
    return total;
  },
  /** The meter counting the current work, if any. */
  active(): RoundTripMeter | undefined {
    return current.getStore();
  },
};
