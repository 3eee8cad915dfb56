/**
 * Group commit for a command every turn sends (the inbox insert, the arrival read, the dialog save): requests that
 * arrive while the database is busy with earlier ones go out together, as one command. A lone request goes out on the
 * next turn of the event loop with whatever arrived in the same one, so it waits for nothing; under load one command
 * carries many turns, and each costs a share of a round trip (a socket write, the driver's bookkeeping, the server's
 * work) instead of one.
 *
 * At most `concurrency` commands are in flight; what arrives meanwhile queues and goes out as soon as one comes back
 * (at most `max` per command). Each request gets its own answer: `run` returns one result per item, in order, where an
 * Error rejects that item only; when `run` throws, every item of that batch is rejected with the same error.
 */
import { roundTrips, type RoundTripMeter } from '../core/round-trips.js';

interface Waiting<I, O> {
  readonly item: I;
  readonly meter: RoundTripMeter | undefined;
  readonly resolve: (value: O) => void;
  readonly reject: (error: unknown) => void;
}

export interface BatcherOptions {
  /** Commands in flight at once (default 2). */
  readonly concurrency?: number;
  /** Items in one command (default 200). */
  readonly max?: number;
}

export class Batcher<I, O> {
  private queue: Waiting<I, O>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly concurrency: number;
  private readonly max: number;

  constructor(
    private readonly run: (items: readonly I[]) => Promise<readonly (O | Error)[]>,
    options: BatcherOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.max = Math.max(1, options.max ?? 200);
  }

  /** The answer for `item`, sent with whatever else is waiting. The caller's round-trip meter counts its share. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, meter: roundTrips.active(), resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0 || this.inFlight >= this.concurrency) return;
    this.scheduled = true;
    // After the requests the same turn of the event loop brings (several HTTP requests are often read at once).
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.queue.length === 0 || this.inFlight >= this.concurrency) return;
    const batch = this.queue.splice(0, this.max);
    this.inFlight++;
    try {
      const items = batch.map((w) => w.item);
      const results = await roundTrips.shared(
        batch.map((w) => w.meter),
        () => this.run(items),
      );
      batch.forEach((waiting, i) => {
        const result = results[i];
        if (result instanceof Error) waiting.reject(result);
        else if (i >= results.length) waiting.reject(new Error('batch answered fewer items than it was sent'));
        else waiting.resolve(result as O);
      });
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }
}
