/**
 * Group commit (store/batcher.ts) on the test server: events that arrive together are stored with one unordered insert
 * and each learns whether it was new or a known id (a platform retry, also within the same command); people who write
 * at once are read with one aggregate, each with their own dialog state; compare-and-set saves that go out together
 * are one command in which every save still wins or loses on its own. A connection dropped under a grouped command
 * (a proxy cuts it) makes every request of it fail: none counts as written.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { mongo, type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALOG_SCHEMA_VERSION, idleFrame, type DialogState } from '../../src/core/dialog.js';
import { RoundTripMeter } from '../../src/core/round-trips.js';
import { effectSchema, type Effect } from '../../src/coaching/effects.js';
import type { PersonDefaults } from '../../src/coaching/model.js';
import { MongoArrivals } from '../../src/store/arrival.repo.js';
import { MongoDialogRepo } from '../../src/store/dialog.repo.js';
import { insertEach, MongoInbox } from '../../src/store/inbox.repo.js';
import { MongoPeopleRepo } from '../../src/store/people.repo.js';
import { connectMongo } from '../../src/store/connection.js';
import { createModels, ensureIndexes, type Models } from '../../src/store/schemas.js';
import { testCipher } from '../support/cipher.js';
import { dropDatabase, freshDatabase, mongoUri } from '../support/db.js';

let connection: Connection;
let models: Models;
beforeAll(async () => {
  connection = await freshDatabase('inbox_batch');
  models = createModels(connection);
  await ensureIndexes(models);
});
afterAll(() => dropDatabase(connection));

describe('the grouped inbox insert', () => {
  it('stores 40 events that arrive at once in one command, and tells each whether it was new', async () => {
    const inbox = new MongoInbox(models);
    expect((await inbox.receive('slack:E-old', 'slack', { n: 0 }, 'me', 60_000)).status).toBe('new');

    // 38 new ids, the known one again, and one of the new ids twice in the same batch.
    const ids = [...Array.from({ length: 38 }, (_, i) => `slack:E${i}`), 'slack:E-old', 'slack:E7'];
    const meter = new RoundTripMeter();
    const receipts = await meter.run(() =>
      Promise.all(ids.map((id, i) => inbox.receive(id, 'slack', { n: i }, 'me', 60_000))),
    );
    expect(Object.keys(meter.byCommand)).toEqual(['insert']);
    expect(meter.count).toBeCloseTo(1, 9); // one command, a fortieth of it counted for each event
    const statuses = receipts.map((r) => r.status);
    expect(statuses.slice(0, 38).every((s) => s === 'new')).toBe(true);
    expect(statuses.slice(38)).toEqual(['seen', 'seen']);

    const stored = await models.inbox.find({ channel: 'slack' }).lean();
    expect(stored).toHaveLength(39);
    const e7 = stored.find((d) => d._id === 'slack:E7');
    expect(e7?.payload).toBe(JSON.stringify({ n: 7 })); // the first of the two, not the retry (plain sealer: JSON)
    expect(await inbox.countPending('slack')).toBe(39);
  });

  it('counts no event of a batch as stored when the server refuses the whole command against its first document', async () => {
    // mongo-java-server 1.47 answers an insert it refuses as a whole (here: a system namespace) with one write error at
    // index 0 and `n` = every document, as if the others were written. Found in the long fault run: events whose
    // batch hit the database's shutdown were acknowledged and never stored.
    const refused = connection.db!.collection<{ _id: string }>('system.grouped_probe');
    const docs = [{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }];
    const raw = await refused.insertMany(docs, { ordered: false }).catch((e: unknown) => e);
    expect(raw).toBeInstanceOf(mongo.MongoBulkWriteError);
    expect([(raw as mongo.MongoBulkWriteError).writeErrors].flat().map((e) => e.index)).toEqual([0]);
    await expect(insertEach(refused, docs)).rejects.toBeInstanceOf(mongo.MongoBulkWriteError);
  });

  it('tells known ids apart from new ones within one command', async () => {
    const coll = connection.db!.collection<{ _id: string }>('grouped_probe');
    await coll.insertOne({ _id: 'known' });
    expect(await insertEach(coll, [{ _id: 'new1' }, { _id: 'known' }, { _id: 'new2' }, { _id: 'new1' }])).toEqual([
      'inserted',
      'duplicate',
      'inserted',
      'duplicate',
    ]);
  });

  it('acknowledges no event of a batch whose connection drops under the command', async () => {
    const proxy = await cuttingProxy(new URL(mongoUri()));
    const cut = await connectMongo(`mongodb://127.0.0.1:${proxy.port}`, { dbName: `inbox_cut_${Date.now()}` });
    try {
      const cutModels = createModels(cut);
      await ensureIndexes(cutModels);
      const inbox = new MongoInbox(cutModels);
      expect((await inbox.receive('slack:warm', 'slack', {}, 'me', 60_000)).status).toBe('new');
      proxy.cutNext(); // the insert reaches the server, its answer never comes back
      const results = await Promise.allSettled(
        ['x', 'y', 'z'].map((id) => inbox.receive(`slack:${id}`, 'slack', {}, 'me', 60_000)),
      );
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    } finally {
      await cut.close().catch(() => undefined);
      proxy.close();
    }
  });

  it('does not store or acknowledge anything when the database is gone', async () => {
    const other = await freshDatabase('inbox_batch_gone');
    const inbox = new MongoInbox(createModels(other));
    await other.close();
    const results = await Promise.allSettled(
      ['a', 'b', 'c'].map((id) => inbox.receive(`slack:${id}`, 'slack', {}, 'me', 60_000)),
    );
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });
});

describe('the grouped arrival read', () => {
  it('finds people who write at once with one aggregate, each with their own dialog state', async () => {
    const dialogs = new MongoDialogRepo<Effect>(models, effectSchema, await testCipher(connection));
    const arrivals = new MongoArrivals<Effect>(models, new MongoPeopleRepo(models), dialogs);
    const defaults: PersonDefaults = {
      locale: 'en',
      timeZone: 'Europe/Amsterdam',
      workingHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
    };
    const identity = (u: string) => ({ channel: 'slack', tenantId: 'T1', userId: u }) as const;
    const users = ['UA', 'UB', 'UC', 'UD', 'UE'];
    const first = await Promise.all(users.map((u) => arrivals.arrive(identity(u), { displayName: u }, defaults)));
    // Each person's dialog at its own revision, so a mix-up would show.
    for (const [i, { state }] of first.entries())
      for (let r = 0; r <= i; r++)
        expect(await dialogs.save({ ...state, revision: r + 1, step: `s${i}` }, r)).toBe(true);

    const meter = new RoundTripMeter();
    const again = await meter.run(() =>
      Promise.all([...users, 'UA'].map((u) => arrivals.arrive(identity(u), { displayName: u }, defaults))),
    );
    expect(meter.byCommand).toEqual({ aggregate: expect.closeTo(1, 9) as unknown as number });
    again.slice(0, 5).forEach(({ person, state }, i) => {
      expect(person.id).toBe(first[i]?.person.id);
      expect(person.displayName).toBe(users[i]);
      expect(state.revision).toBe(i + 1);
      expect(state.step).toBe(`s${i}`);
    });
    expect(again[5]?.person.id).toBe(first[0]?.person.id); // the same person twice in one batch
  });
});

const state = (personId: string, revision: number, step: string): DialogState<Effect> => ({
  personId,
  schemaVersion: DIALOG_SCHEMA_VERSION,
  revision,
  pending: [],
  ...idleFrame,
  step,
});

describe('the grouped dialog save', () => {
  it('commits saves that go out together one by one: winners win, a lost race loses, a vanished dialog stays gone', async () => {
    const dialogs = new MongoDialogRepo<Effect>(models, effectSchema, await testCipher(connection));
    for (const id of ['d1', 'd2', 'd3', 'gone']) expect(await dialogs.save(state(id, 1, 'start'), 0)).toBe(true);
    await models.dialog.deleteOne({ _id: 'gone' }); // erased meanwhile

    const meter = new RoundTripMeter();
    const results = await meter.run(() =>
      Promise.all([
        dialogs.save(state('d1', 2, 'd1 won'), 1),
        dialogs.save(state('d2', 2, 'd2 won'), 1),
        dialogs.save(state('d2', 2, 'd2 lost'), 1), // the same revision twice: one of the two only
        dialogs.save(state('d3', 3, 'd3 stale'), 2), // decided on a revision that never was
        dialogs.save(state('gone', 2, 'too late'), 1),
      ]),
    );
    expect(Object.keys(meter.byCommand)).toContain('update');
    expect(meter.byCommand.update).toBeCloseTo(1, 9); // one command for the five saves
    expect(results).toEqual([true, true, false, false, false]);
    expect((await dialogs.load('d1')).step).toBe('d1 won');
    expect((await dialogs.load('d2')).step).toBe('d2 won');
    expect(await dialogs.load('d3')).toMatchObject({ revision: 1, step: 'start' });
    expect(await models.dialog.countDocuments({ _id: 'gone' })).toBe(0);
  });

  it('reports no save as committed when the connection drops under the command', async () => {
    // The driver wraps a connection error inside a bulk write as a bulk error with no write errors in it: read as
    // "every operation went through", the turns would answer on states that may never have been stored.
    const proxy = await cuttingProxy(new URL(mongoUri()));
    const dbName = `grouped_cut_${Date.now()}`;
    const cut = await connectMongo(`mongodb://127.0.0.1:${proxy.port}`, { dbName });
    try {
      const dialogs = new MongoDialogRepo<Effect>(createModels(cut), effectSchema, await testCipher(cut));
      await Promise.all(['c1', 'c2'].map((id) => dialogs.save(state(id, 1, 'start'), 0)));
      proxy.cutNext(); // the next command reaches the server, its answer never comes back
      const results = await Promise.allSettled([
        dialogs.save(state('c1', 2, 'unknown fate'), 1),
        dialogs.save(state('c2', 2, 'unknown fate'), 1),
      ]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    } finally {
      await cut.close().catch(() => undefined);
      proxy.close();
    }
  });
});

/** A TCP proxy to the test server that, when told, lets the next command through and then drops the connection. */
async function cuttingProxy(target: URL): Promise<{ port: number; cutNext: () => void; close: () => void }> {
  let cutting = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => {
      upstream.write(chunk);
      if (cutting) {
        cutting = false;
        client.destroy();
        upstream.end();
      }
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    cutNext: () => {
      cutting = true;
    },
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}
