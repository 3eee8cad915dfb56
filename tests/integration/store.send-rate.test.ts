/**
 * The platforms' rates across instances (issue 15): three instances, each with its own connection, take sends for
 * one workspace in the same second at once; together they are never granted more than the limit, and all of it when
 * they want more. Paced sends of one slice go out at most `perSecond` in any one second.
 */
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMongo } from '../../src/store/connection.js';
import { createModels } from '../../src/store/schemas.js';
import { MongoSendRate } from '../../src/store/send-rate.repo.js';
import { SlicePacing } from '../../src/scheduler/pacing.js';
import { dropDatabase, freshDatabase, mongoUri } from '../support/db.js';

let first: Connection;
const connections: Connection[] = [];
let rates: MongoSendRate[];

beforeAll(async () => {
  first = await freshDatabase('send_rate');
  connections.push(first);
  for (let i = 0; i < 2; i++) connections.push(await connectMongo(mongoUri(), { dbName: first.name }));
  const models = connections.map((c) => createModels(c));
  await models[0]?.sendRate.init();
  rates = models.map((m) => new MongoSendRate(m));
});
afterAll(async () => {
  for (const c of connections.slice(1)) await c.close();
  await dropDatabase(first);
});

describe('the send rate shared by instances', () => {
  it('never grants more than the limit in one second, however many take at once', async () => {
    const at = new Date('2026-12-01T09:00:00.100Z');
    const takes = rates.flatMap((rate) => Array.from({ length: 10 }, () => rate.take('slack:T1', 3, 50, at)));
    const taken = await Promise.all(takes);
    expect(taken.reduce((a, b) => a + b.granted, 0)).toBe(50); // 90 wanted, exactly the limit granted
    expect(taken.every((t) => t.granted >= 0 && t.granted <= 3)).toBe(true);
    // Each granted place in the second is handed out once.
    const places = taken.flatMap((t) => Array.from({ length: t.granted }, (_, i) => t.from + i));
    expect(new Set(places).size).toBe(50);
    expect(Math.max(...places)).toBe(49);
    // Another workspace, and the next second, have their own allowance.
    expect((await rates[0]?.take('slack:T2', 5, 50, at))?.granted).toBe(5);
    expect((await rates[1]?.take('slack:T1', 5, 50, new Date('2026-12-01T09:00:01.000Z')))?.granted).toBe(5);
  });

  it('paces one slice of sends at the rate, per workspace, and leaves other channels alone', async () => {
    const target = (channel: 'slack' | 'teams', tenantId: string, userId: string) => ({ channel, tenantId, userId });
    const slack = Array.from({ length: 12 }, (_, i) => target('slack', 'TPACE', `U${i}`));
    const teams = Array.from({ length: 6 }, (_, i) => target('teams', 'tenant', `u${i}`));
    const pacing = new SlicePacing(rates[0], { slack: 5 }, [...slack, ...teams]);
    const at: number[] = [];
    const started = Date.now();
    const teamsAt: number[] = [];
    await Promise.all([
      ...slack.map(async (t) => {
        await pacing.ready(t);
        at.push(Date.now());
      }),
      ...teams.map(async (t) => {
        await pacing.ready(t);
        teamsAt.push(Date.now());
      }),
    ]);
    const perSecond = new Map<number, number>();
    for (const t of at) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect(at).toHaveLength(12);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(5);
    expect(perSecond.size).toBeGreaterThanOrEqual(3); // 12 at 5 a second: three seconds at least
    expect(Math.max(...teamsAt) - started).toBeLessThan(1000); // Teams not paced here: went at once
  });
});
