/**
 * The claim on applying a committed turn's effects: short, so a turn killed while applying holds the person's next
 * turn for seconds (it was 30 s, longer than a turn waits), and renewed while the application runs, so a slow but
 * living one is never overtaken: one turn applies a revision's effects at a time, in order. Two engines (as two
 * instances) share one in-memory dialog store with the same compare-and-set and claim rules as MongoDB's.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_APPLY_LEASE_MS } from '../../src/core/apply-claim.js';
import { FixedClock } from '../../src/core/clock.js';
import type { DialogRepo, PendingEffect } from '../../src/core/dialog.js';
import { Engine, type Decider, type EffectApplier } from '../../src/core/engine.js';
import type { InboundEvent } from '../../src/core/events.js';
import { silentLogger } from '../../src/core/logger.js';
import { MemoryDialogRepo } from '../support/memory/engine.repos.js';

interface Step {
  readonly n: number;
}

/** Every turn commits two effects and answers with the text it got. */
const decider: Decider<Step> = {
  decide: async (state, input) => ({
    frame: { flow: null, step: null, values: {}, attempts: 0 },
    replies: [{ text: input.kind === 'event' && input.body.type === 'text' ? input.body.text : '' }],
    effects: [{ n: state.revision * 10 + 1 }, { n: state.revision * 10 + 2 }],
  }),
  apologise: async () => ({ text: 'sorry' }),
  lastResort: { text: 'sorry' },
};

/** Records which instance applied which effect, when; `hold` can make one effect wait. */
class Applier implements EffectApplier<Step> {
  static readonly log: { instance: string; id: string; from: number; to: number }[] = [];
  hold: ((id: string) => Promise<void> | undefined) | undefined;
  constructor(private readonly instance: string) {}
  async apply(_personId: string, effects: readonly PendingEffect<Step>[]): Promise<void> {
    for (const { id } of effects) {
      const from = Date.now();
      await this.hold?.(id);
      Applier.log.push({ instance: this.instance, id, from, to: Date.now() });
    }
  }
}

const engine = (dialogs: DialogRepo<Step>, applier: Applier, applyLeaseMs?: number): Engine<Step> =>
  new Engine<Step>({
    dialogs,
    decider,
    applier,
    clock: new FixedClock('2026-12-01T08:00:00Z'),
    logger: silentLogger,
    identify: async () => 'p1',
    ...(applyLeaseMs !== undefined ? { applyLeaseMs } : {}),
  });

const say = (text: string): InboundEvent => ({
  from: { channel: 'web', tenantId: 'local', userId: 'u1' },
  body: { type: 'text', text },
});

describe('the claim on applying a turn’s effects', () => {
  it('a turn killed while applying holds the next turn only for the default claim (5 s), which then finishes it', async () => {
    Applier.log.length = 0;
    const store = new MemoryDialogRepo<Step>();
    let dead = false;
    // The first instance dies inside its first effect: it never finishes it and never renews its claim again.
    const dying: DialogRepo<Step> = {
      load: (id) => store.load(id),
      save: (next, expected) => store.save(next, expected),
      claimPending: (...args) => store.claimPending(...args),
      renewPending: (...args) => (dead ? Promise.reject(new Error('gone')) : store.renewPending(...args)),
      clearPending: (...args) => store.clearPending(...args),
    };
    const killed = new Applier('killed');
    killed.hold = () => {
      dead = true;
      return new Promise<void>(() => undefined);
    };
    void engine(dying, killed).receive(say('first'));
    await expect.poll(() => dead).toBe(true);

    const started = Date.now();
    const next = await engine(store, new Applier('next')).receive(say('second'));
    const waited = Date.now() - started;

    expect(next).toMatchObject({ status: 'replied', replies: [{ text: 'second' }] });
    expect(waited).toBeGreaterThan(DEFAULT_APPLY_LEASE_MS - 1_500);
    expect(waited).toBeLessThan(DEFAULT_APPLY_LEASE_MS + 4_000);
    // The committed turn's effects, then the next turn's, each once, in order, by the instance that took over.
    expect(Applier.log.map((e) => `${e.instance} ${e.id}`)).toEqual([
      'next p1:1:e0',
      'next p1:1:e1',
      'next p1:2:e0',
      'next p1:2:e1',
    ]);
    expect((await store.load('p1')).pending).toEqual([]);
  }, 20_000);

  it('an application slower than three claims keeps its claim: the next turn waits for it, nothing is applied twice', async () => {
    Applier.log.length = 0;
    const store = new MemoryDialogRepo<Step>();
    const slow = new Applier('slow');
    slow.hold = (id) => (id === 'p1:1:e0' ? sleep(3_000) : undefined);
    const first = engine(store, slow, 1_000).receive(say('first'));
    await sleep(200);
    const second = await engine(store, new Applier('other'), 1_000).receive(say('second'));
    expect(await first).toMatchObject({ status: 'replied' });
    expect(second).toMatchObject({ status: 'replied', replies: [{ text: 'second' }] });

    expect(Applier.log.map((e) => `${e.instance} ${e.id}`)).toEqual([
      'slow p1:1:e0',
      'slow p1:1:e1',
      'other p1:2:e0',
      'other p1:2:e1',
    ]);
    const [, lastOfFirst, firstOfSecond] = Applier.log;
    expect(firstOfSecond?.from).toBeGreaterThanOrEqual(lastOfFirst?.to ?? Infinity);
  }, 20_000);
});
