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

  /** Runs `work` with this meter counting every command it (and whatever it starts) sends. */
  run<T>(work: () => T): T {
    return current.run(this, work);
  }

  /** `insert inbox 1, find dialogs 1, update dialogs 1`: for a debug line. */
  summary(): string {
    return Object.entries(this.byTarget)
      .map(([name, n]) => `${name} ${n}`)
      .join(', ');
  }
}

const current = new AsyncLocalStorage<RoundTripMeter>();
let total = 0;

/** Time spent waiting for the database, by command and collection (`find dialogs`): for an operator's metrics. */
export interface CommandTime {
  readonly command: string;
  readonly collection: string;
  calls: number;
  seconds: number;
}
const times = new Map<string, CommandTime>();

export const roundTrips = {
  /** Called by the store for every command sent to the database. */
  record(command: string, collection?: string): void {
    total++;
    const meter = current.getStore();
    if (!meter) return;
    meter.count++;
    meter.byCommand[command] = (meter.byCommand[command] ?? 0) + 1;
    const target = collection ? `${command} ${collection}` : command;
    meter.byTarget[target] = (meter.byTarget[target] ?? 0) + 1;
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
