/**
 * The test server's indexes only narrow, never change an answer. `tools/mongo-server/MongoTestServer.java` makes
 * mongo-java-server use a unique index whenever a query pins all its keys, narrow an aggregation's first `$match`, and
 * keep non-unique indexes (ordered by their first key) as MongoDB does. Here every query is asked twice: as it is, and
 * wrapped in `$and` (a query whose only key is `$and` is never served by an index there, so it scans every document),
 * over documents that are inserted, updated and removed at random. Both answers must be the same set. On a real
 * `mongod` the two are equal by definition, so the test holds there too.
 */
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase, freshDatabase } from '../support/db.js';

let connection: Connection;
beforeAll(async () => {
  connection = await freshDatabase('test_server_indexes');
});
afterAll(() => dropDatabase(connection));

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

type Filter = Record<string, unknown>;
/** The documents: string ids (so the driver's ObjectId typing stays out of the queries). */
type Item = { _id: string } & Filter;

describe('the test server with its indexes', () => {
  it('answers every query as a full scan would, through inserts, updates and removals', async () => {
    const db = connection.db;
    if (!db) throw new Error('no database');
    const items = db.collection<Item>('items');
    await items.createIndex({ u: 1 }, { unique: true });
    await items.createIndex({ a: 1 });
    await items.createIndex({ b: 1, c: -1 });
    await items.createIndex({ d: 1 });
    const rnd = random(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const day = (n: number): Date => new Date(Date.UTC(2026, 11, 1 + n));
    const values = [0, 1, 2, 2.5, 3, 'x', 'y', null, day(0), day(1), day(2)];
    const doc = (i: number): Item => {
      const d: Item = { _id: `k${i}`, u: i, c: pick([1, 2, 3]), v: pick([0, 1]) };
      if (rnd() < 0.85) d.a = pick(values);
      if (rnd() < 0.85) d.b = pick(['p', 'q', 'r', null]);
      if (rnd() < 0.8) d.d = day(Math.floor(rnd() * 10));
      return d;
    };
    await items.insertMany(Array.from({ length: 400 }, (_, i) => doc(i)));
    let next = 400;

    const queries = (): Filter[] => {
      const id = `k${Math.floor(rnd() * next)}`;
      const when = day(Math.floor(rnd() * 10));
      return [
        { _id: id, v: pick([0, 1]) },
        { _id: { $in: [id, `k${Math.floor(rnd() * next)}`] }, c: pick([1, 2, 3]) },
        { _id: { $in: [id, id] }, v: pick([0, 1]) },
        { u: Math.floor(rnd() * next), v: 1 },
        { a: pick(values) },
        { a: pick(values), v: 0 },
        { a: { $in: [pick(values), pick(values)] } },
        { a: { $gte: pick([0, 1, 2, 3]), $lt: pick([1, 2, 2.5, 3]) } },
        { d: { $gt: when, $lte: day(Math.floor(rnd() * 10)) } },
        { a: { $lte: pick(['x', 'y']) } },
        { a: null },
        { b: pick(['p', 'q', 'r']), c: { $gt: 1 } },
        { b: null, v: 1 },
        { d: { $lte: when } },
        { d: { $gt: when }, $or: [{ v: 0 }, { c: 3 }] },
        { d: { $eq: when } },
      ];
    };
    const ids = async (filter: Filter): Promise<string[]> =>
      (await items.find(filter, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id)).sort();

    let compared = 0;
    let nonEmpty = 0;
    for (let round = 0; round < 12; round++) {
      for (const q of queries()) {
        const narrowed = await ids(q);
        expect(narrowed, JSON.stringify(q)).toEqual(await ids({ $and: [q] }));
        compared++;
        if (narrowed.length > 0) nonEmpty++;
      }
      // An aggregation whose first $match an index can narrow, with a $lookup after it.
      const a = pick(values);
      const piped = await items
        .aggregate<{ _id: string; self: unknown[] }>([
          { $match: { u: Math.floor(rnd() * next) } },
          { $lookup: { from: 'items', localField: 'a', foreignField: 'a', as: 'self' } },
        ])
        .toArray();
      expect(piped.length).toBeLessThanOrEqual(1);
      expect(await items.aggregate([{ $match: { a } }]).toArray()).toHaveLength((await ids({ $and: [{ a }] })).length);
      // Change the data under the indexes: updates that move a document between keys, removals, new documents.
      for (let k = 0; k < 40; k++) {
        const id = `k${Math.floor(rnd() * next)}`;
        const change = rnd();
        if (change < 0.5)
          await items.updateOne({ _id: id }, { $set: { a: pick(values), d: day(Math.floor(rnd() * 10)) } });
        else if (change < 0.65) await items.updateOne({ _id: id }, { $unset: { a: '', b: '' } });
        else if (change < 0.8) await items.deleteOne({ _id: id });
        else await items.insertOne(doc(next++));
      }
      await items.updateMany({ a: pick(values) }, { $set: { b: pick(['p', 'q']) } });
    }
    // Enough of the queries found something, or the comparison would prove little.
    expect(compared).toBe(12 * 16);
    expect(nonEmpty).toBeGreaterThan(compared / 2);
  });

  it('still answers right when a document holds an array where an index expects one value', async () => {
    const db = connection.db;
    if (!db) throw new Error('no database');
    const tags = db.collection<Item>('tags');
    await tags.createIndex({ t: 1 });
    await tags.insertMany([{ _id: 'one', t: 'a' }, { _id: 'many', t: ['a', 'b'] }, { _id: 'none' }]);
    const found = async (filter: Filter): Promise<string[]> =>
      (await tags.find(filter).toArray()).map((d) => String(d._id)).sort();
    expect(await found({ t: 'a' })).toEqual(['many', 'one']);
    expect(await found({ t: 'b' })).toEqual(['many']);
    expect(await found({ t: { $in: ['b', 'c'] } })).toEqual(['many']);
    expect(await found({ t: null })).toEqual(['none']);
  });
});
