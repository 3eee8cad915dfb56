/**
 * Group commit (src/store/batcher.ts): requests that arrive together, or while earlier ones are in flight, go out as
 * one command, each gets its own answer, and a lone request is not held back.
 */
import { describe, expect, it } from 'vitest';
import { Batcher } from '../../src/store/batcher.js';
import { RoundTripMeter, roundTrips } from '../../src/core/round-trips.js';

/** A stand-in command: records each batch and answers when `release` is called. */
function recorder<I>(answer: (item: I) => unknown = (item) => item) {
  const batches: I[][] = [];
  const pending: (() => void)[] = [];
  const run = (items: readonly I[]) =>
    new Promise<unknown[]>((resolve) => {
      batches.push([...items]);
      pending.push(() => resolve(items.map(answer)));
    });
  const releaseAll = () => pending.splice(0).forEach((release) => release());
  return { batches, run, releaseAll, inFlight: () => pending.length };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the batcher', () => {
  it('sends what arrives in the same turn of the event loop as one batch, and answers each in order', async () => {
    const r = recorder<number>((n) => n * 10);
    const batcher = new Batcher<number, number>(r.run as never);
    const answers = Promise.all([1, 2, 3].map((n) => batcher.submit(n)));
    await tick();
    expect(r.batches).toEqual([[1, 2, 3]]);
    r.releaseAll();
    expect(await answers).toEqual([10, 20, 30]);
  });

  it('queues what arrives while `concurrency` batches are in flight and sends it together when one returns', async () => {
    const r = recorder<number>();
    const batcher = new Batcher<number, number>(r.run as never, { concurrency: 1 });
    const first = batcher.submit(1);
    await tick();
    const later = [2, 3, 4].map((n) => batcher.submit(n));
    await tick();
    expect(r.batches).toEqual([[1]]); // 2, 3 and 4 wait for the one in flight
    r.releaseAll();
    expect(await first).toBe(1);
    await tick();
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
    r.releaseAll();
    expect(await Promise.all(later)).toEqual([2, 3, 4]);
  });

  it('sends a lone request at once, also with another batch in flight below the limit', async () => {
    const r = recorder<number>();
    const batcher = new Batcher<number, number>(r.run as never, { concurrency: 2 });
    void batcher.submit(1);
    await tick();
    const second = batcher.submit(2);
    await tick();
    expect(r.batches).toEqual([[1], [2]]);
    expect(r.inFlight()).toBe(2);
    r.releaseAll();
    expect(await second).toBe(2);
  });

  it('splits a queue longer than `max` over several batches', async () => {
    const r = recorder<number>();
    const batcher = new Batcher<number, number>(r.run as never, { concurrency: 1, max: 2 });
    const all = Promise.all([1, 2, 3, 4, 5].map((n) => batcher.submit(n)));
    for (let i = 0; i < 3; i++) {
      await tick();
      r.releaseAll();
      await tick();
    }
    expect(await all).toEqual([1, 2, 3, 4, 5]);
    expect(r.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects only the item whose result is an Error, and every item when the command throws', async () => {
    const picky = new Batcher<number, number>(async (items) => items.map((n) => (n === 2 ? new Error('refused') : n)));
    const results = await Promise.allSettled([1, 2, 3].map((n) => picky.submit(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);

    const broken = new Batcher<number, number>(async () => {
      throw new Error('connection lost');
    });
    const failed = await Promise.allSettled([1, 2].map((n) => broken.submit(n)));
    expect(failed.every((r) => r.status === 'rejected' && /connection lost/.test(String(r.reason)))).toBe(true);
    // and it keeps working afterwards
    const ok = new Batcher<number, number>(async (items) => [...items]);
    expect(await ok.submit(7)).toBe(7);
  });

  it("gives each caller's round-trip meter its share of the batch's commands", async () => {
    const batcher = new Batcher<number, number>(async (items) => {
      roundTrips.record('insert', 'probe'); // what the store reports when the driver sends the command
      return [...items];
    });
    const meters = [new RoundTripMeter(), new RoundTripMeter(), new RoundTripMeter(), new RoundTripMeter()];
    await Promise.all(meters.map((m, i) => m.run(() => batcher.submit(i))));
    expect(meters.map((m) => m.count)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(meters[0]?.summary()).toBe('insert probe 0.25');
    const alone = new RoundTripMeter();
    await alone.run(() => batcher.submit(9));
    expect(alone.summary()).toBe('insert probe 1');
  });
});
