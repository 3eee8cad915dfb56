/**
 * Round trips are counted with the driver's command monitoring (issue 15, point 1): every command the store sends is
 * attributed to the meter of the work that sent it, also when several turns run at once, and a Slack turn ends with
 * one debug line that carries its count and command names, never what was written.
 */
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoundTripMeter, roundTrips } from '../../src/core/round-trips.js';
import { createLogger } from '../../src/logging.js';
import { dropDatabase, freshDatabase } from '../support/db.js';
import { BOT_TOKEN, SIGNING_SECRET, startSlackServer } from '../support/slack.server.js';
import { SlackUser } from '../support/slack.user.js';

let connection: Connection;
beforeAll(async () => {
  connection = await freshDatabase('round_trips');
});
afterAll(() => dropDatabase(connection));

describe('the round-trip meter', () => {
  it('counts each piece of work its own commands, also while they interleave', async () => {
    const coll = connection.collection('probe');
    await coll.insertOne({ _id: 'x' } as never);
    const before = roundTrips.total();
    const a = new RoundTripMeter();
    const b = new RoundTripMeter();
    const reads = (n: number) => async () => {
      for (let i = 0; i < n; i++) await coll.findOne({ _id: 'x' } as never);
    };
    await Promise.all([a.run(reads(3)), b.run(reads(5)), reads(2)()]);
    expect(a.count).toBe(3);
    expect(b.count).toBe(5);
    expect(a.byCommand).toEqual({ find: 3 });
    expect(roundTrips.total() - before).toBe(10);
  });

  it('tells commands sent together (one wait) from commands sent one after another', async () => {
    const coll = connection.collection('probe');
    const meter = new RoundTripMeter();
    await meter.run(async () => {
      await Promise.all([coll.findOne({ _id: 'x' } as never), coll.countDocuments({})]);
      await coll.findOne({ _id: 'x' } as never);
    });
    expect(meter.count).toBe(3);
    expect(meter.waitCount).toBe(2);
    expect(meter.path()).toBe('find probe + aggregate probe → find probe');
  });
});

describe('a Slack turn', () => {
  it("logs one debug line with its round trips, and no text; a known person's turn takes three", async () => {
    const lines: string[] = [];
    const destination = { write: (line: string) => void lines.push(line) };
    const logger = createLogger({ level: 'debug', secrets: [BOT_TOKEN, SIGNING_SECRET], destination });
    const s = await startSlackServer({ LOG_LEVEL: 'debug' }, { start: '2026-12-01T08:00:00Z', logger });
    try {
      s.api.user({ id: 'U0ANN', name: 'Ann', email: 'ann@example.com', tz: 'Europe/Amsterdam', locale: 'en-GB' });
      const ann = new SlackUser(s, 'U0ANN');
      (await ann.send('help')).expectReply(/Here is what I can do/);
      await expect.poll(() => lines.filter((l) => l.includes('slack turn round trips')).length).toBe(1);
      const line = JSON.parse(lines.find((l) => l.includes('slack turn round trips')) ?? '{}') as {
        roundTrips?: number;
        commands?: string;
        event?: string;
      };
      expect(line.roundTrips).toBeGreaterThanOrEqual(3); // at least the inbox insert, a read and the save
      expect(line.commands).toMatch(/insert inbox \d+/);
      expect(line.event).toMatch(/^slack:/);
      expect(JSON.stringify(line)).not.toMatch(/help|ann@example|Here is what/i);

      // Ann is known now: her next turn is the common case, three round trips (issue 15). The event marked done is
      // batched with others finished within 100 ms, counted here only when this turn started the batch.
      (await ann.send('help')).expectReply(/Here is what I can do/);
      await expect.poll(() => lines.filter((l) => l.includes('slack turn round trips')).length).toBe(2);
      const second = JSON.parse(lines.filter((l) => l.includes('slack turn round trips'))[1] ?? '{}') as {
        commands?: string;
        waits?: string;
      };
      // The inbox insert and the read of Ann with her state go out together (neither waits for the other).
      expect(second.commands).toMatch(
        /^(insert inbox 1, aggregate people 1|aggregate people 1, insert inbox 1), update dialogs 1(, update inbox 1)?$/,
      );
      // …in one wait: the read is sent while the insert is still out (the engine as the channel gets it, wrapped by
      // the metrics, passes its early read on), then the save.
      expect(second.waits).toMatch(
        /^(insert inbox \+ aggregate people|aggregate people \+ insert inbox) → update dialogs( → update inbox)?$/,
      );
    } finally {
      await s.close();
    }
  });
});
