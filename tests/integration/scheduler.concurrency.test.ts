/**
 * Several instances on one database: three dispatchers, each with its own connection and app (as three processes
 * would have), tick at the same moment over the same 1,000 due items. MongoDB's conditional updates decide; the
 * fake messengers together must receive every item exactly once.
 */
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import type { Person } from '../../src/coaching/model.js';
import { FixedClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createDispatcher } from '../../src/scheduling.js';
import { connectMongo } from '../../src/store/connection.js';
import { createModels } from '../../src/store/schemas.js';
import { dropDatabase, freshDatabase, mongoUri } from '../support/db.js';
import { FakeMessenger, FakeResumer, seedPerson } from '../support/scheduler-fakes.js';

const settings = {
  defaultLocale: 'en' as const,
  defaultTimeZone: 'Europe/Amsterdam',
  workStart: '09:00',
  workEnd: '17:30',
};
const ITEMS = 1000;
const PEOPLE = 250;

let first: Connection;
const others: Connection[] = [];
const clock = new FixedClock('2026-12-01T10:00:00Z');

const appOn = (connection: Connection): Promise<App> =>
  createApp({ connection, clock, logger: silentLogger, settings });

beforeAll(async () => {
  first = await freshDatabase('sched_race');
  for (let i = 0; i < 2; i++) others.push(await connectMongo(mongoUri(), { dbName: first.name }));
});
afterAll(async () => {
  for (const c of others) await c.close();
  await dropDatabase(first);
});

describe('three dispatchers over the same due items', () => {
  it('deliver each of 1,000 items exactly once', async () => {
    const apps = [await appOn(first), ...(await Promise.all(others.map(appOn)))];
    const seedApp = apps[0] as App;
    const seed = createModels(first);
    const people: Person[] = [];
    for (let i = 0; i < PEOPLE; i++) people.push(await seedPerson(seedApp, { userId: `u${i}` }));
    const docs = Array.from({ length: ITEMS }, (_, i) => ({
      _id: `race/${i}`,
      kind: 'test.race',
      recipientId: people[i % PEOPLE]?.id,
      dueAt: new Date(clock.now().getTime() - (i % 7) * 60_000),
      payload: { i },
      urgent: false,
      status: 'pending',
      attempts: 0,
      createdAt: clock.now(),
    }));
    await seed.outbox.insertMany(docs);

    const messengers = apps.map(() => new FakeMessenger());
    const dispatchers = apps.map((app, i) =>
      createDispatcher(app, [messengers[i] as FakeMessenger], {
        instanceId: `instance-${i}`,
        resumer: new FakeResumer(),
        settings: { batchSize: 50, maxMessagesPerDay: 20 },
      }),
    );
    const results = await Promise.all(dispatchers.map((d) => d.tick()));

    const received = messengers.flatMap((m) =>
      m.sent.flatMap((s) => s.replies.map((r) => (JSON.parse(r.text.slice('test.race '.length)) as { i: number }).i)),
    );
    expect(received).toHaveLength(ITEMS);
    expect(new Set(received).size).toBe(ITEMS);
    expect(results.reduce((n, r) => n + r.claimed, 0)).toBe(ITEMS);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(ITEMS);
    expect(await seed.outbox.countDocuments()).toBe(0);
    expect(await seed.delivery.countDocuments({ outcome: 'sent' })).toBe(ITEMS);
    expect(await seed.delivery.countDocuments({ outcome: { $ne: 'sent' } })).toBe(0);
    // Each item's log entry names the instance whose fake messenger received it.
    const byInstance = await seed.delivery.aggregate<{ _id: string; n: number }>([
      { $group: { _id: '$instance', n: { $sum: 1 } } },
    ]);
    for (const { _id, n } of byInstance) {
      const index = Number(_id.split('-')[1]);
      expect(messengers[index]?.sent.reduce((sum, s) => sum + s.replies.length, 0)).toBe(n);
    }
  }, 120_000);
});
