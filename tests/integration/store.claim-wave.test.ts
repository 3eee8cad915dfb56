/**
 * The batched claim and the batched daily cap (issue 15): three instances, each with its own connection (as three
 * processes would have), claim the same wave at the same moment with one `updateMany` each; every item is won by
 * exactly one of them. Three instances taking the last units of the same people's daily cap at once never hand out
 * more than the cap.
 */
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModels, type Models } from '../../src/store/schemas.js';
import { MongoOutbox } from '../../src/store/outbox.repo.js';
import { MongoSendQuota } from '../../src/store/send-quota.repo.js';
import { connectMongo } from '../../src/store/connection.js';
import { dropDatabase, freshDatabase, mongoUri } from '../support/db.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const ITEMS = 600;

let first: Connection;
const connections: Connection[] = [];
let models: Models[];

beforeAll(async () => {
  first = await freshDatabase('claim_wave');
  connections.push(first);
  for (let i = 0; i < 2; i++) connections.push(await connectMongo(mongoUri(), { dbName: first.name }));
  models = connections.map((c) => createModels(c));
  await models[0]?.outbox.init();
  await models[0]?.sendQuota.init();
});
afterAll(async () => {
  for (const c of connections.slice(1)) await c.close();
  await dropDatabase(first);
});

describe('one wave claimed by three instances at once', () => {
  it('gives every item to exactly one of them', async () => {
    const keys = Array.from({ length: ITEMS }, (_, i) => `wave/${i}`);
    await models[0]?.outbox.insertMany(
      keys.map((key, i) => ({
        _id: key,
        kind: 'test.wave',
        recipientId: `p${i % 97}`,
        dueAt: new Date(NOW.getTime() - 60_000),
        payload: {},
        urgent: false,
        status: 'pending',
        attempts: 0,
        createdAt: NOW,
      })),
    );
    const outboxes = models.map((m) => new MongoOutbox(m, () => NOW));
    // Each instance claims the whole wave, in chunks that start at different places (as the dispatcher does).
    const claims = await Promise.all(
      outboxes.map(async (outbox, n) => {
        const won: string[] = [];
        const rotated = [...keys.slice(n * 200), ...keys.slice(0, n * 200)];
        for (let i = 0; i < rotated.length; i += 100) {
          const items = await outbox.claimMany(rotated.slice(i, i + 100), NOW, `instance-${n}#${i}`, 60_000);
          for (const item of items) {
            expect(item.leaseOwner).toBe(`instance-${n}#${i}`);
            won.push(item.key);
          }
        }
        return won;
      }),
    );
    const all = claims.flat();
    expect(all).toHaveLength(ITEMS);
    expect(new Set(all).size).toBe(ITEMS);
    // Nothing is claimable again while the leases run.
    expect(await outboxes[0]?.claimMany(keys, NOW, 'late', 60_000)).toEqual([]);
    // A claimer records its attempts only on what it still holds.
    const mine = claims[0] ?? [];
    const later = new Date(NOW.getTime() + 120_000);
    const before = await outboxes[0]?.pending();
    const own = (before ?? []).filter((item) => item.leaseOwner === 'instance-0#0').map((item) => item.key);
    const asked = [...mine, ...(claims[1] ?? []).slice(0, 5)];
    const held = await outboxes[0]?.markSending(asked, 'instance-0#0', NOW, later);
    expect([...(held ?? [])].sort()).toEqual([...own].sort());
    // ... and renews only what this claim holds: every other item keeps its lease.
    const renewed = await outboxes[0]?.renewMany(asked, 'instance-0#0', later);
    expect([...(renewed ?? [])].sort()).toEqual([...own].sort());
    for (const item of (await outboxes[0]?.pending()) ?? [])
      expect(item.leaseUntil?.getTime()).toBe(own.includes(item.key) ? later.getTime() : NOW.getTime() + 60_000);
  });
});

describe('the daily cap taken by three instances at once', () => {
  it('never hands out more units than the cap, and a unit given back can be taken again', async () => {
    const quotas = models.map((m) => new MongoSendQuota(m, () => NOW));
    const requests = Array.from({ length: 50 }, (_, i) => ({ personId: `q${i}`, localDay: '2026-12-01' }));
    const MAX = 2;
    const granted = await Promise.all(quotas.map((q, n) => q.takeMany(requests, MAX, `token-${n}`)));
    for (const { personId } of requests) expect(granted.filter((g) => g.has(personId))).toHaveLength(MAX);
    const docs = await models[0]?.sendQuota.find({}).lean();
    for (const doc of docs ?? []) expect(doc.units).toHaveLength(MAX);

    // The first instance gives its units back; a fourth taker then gets exactly those.
    const firstGot = requests.filter((r) => granted[0]?.has(r.personId));
    await quotas[0]?.giveBackMany(firstGot, 'token-0');
    const again = await quotas[1]?.takeMany(requests, MAX, 'token-3');
    expect([...(again ?? [])].sort()).toEqual(firstGot.map((r) => r.personId).sort());
  });
});
