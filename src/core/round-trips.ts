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
  /** Commands sent by this process so far (a benchmark divides the difference by the work done). */
  total(): number {
    return total;
  },
  /** The meter counting the current work, if any. */
  active(): RoundTripMeter | undefined {
    return current.getStore();
  },
};
