/**
 * Group commit (store/batcher.ts) on the test server: people who write at once are read with one aggregate, each with
 * their own dialog state, and compare-and-set saves that go out together are one command in which every save still
 * wins or loses on its own.
 */
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALOG_SCHEMA_VERSION, idleFrame, type DialogState } from '../../src/core/dialog.js';
import { RoundTripMeter } from '../../src/core/round-trips.js';
import { effectSchema, type Effect } from '../../src/coaching/effects.js';
import type { PersonDefaults } from '../../src/coaching/model.js';
import { MongoArrivals } from '../../src/store/arrival.repo.js';
import { MongoDialogRepo } from '../../src/store/dialog.repo.js';
import { MongoPeopleRepo } from '../../src/store/people.repo.js';
import { createModels, ensureIndexes, type Models } from '../../src/store/schemas.js';
import { testCipher } from '../support/cipher.js';
import { dropDatabase, freshDatabase } from '../support/db.js';

let connection: Connection;
let models: Models;
beforeAll(async () => {
  connection = await freshDatabase('inbox_batch');
  models = createModels(connection);
  await ensureIndexes(models);
});
afterAll(() => dropDatabase(connection));

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

describe('the grouped dialog save', () => {
  it('commits saves that go out together one by one: winners win, a lost race loses, a vanished dialog stays gone', async () => {
    const dialogs = new MongoDialogRepo<Effect>(models, effectSchema, await testCipher(connection));
    const state = (personId: string, revision: number, step: string): DialogState<Effect> => ({
      personId,
      schemaVersion: DIALOG_SCHEMA_VERSION,
      revision,
      pending: [],
      ...idleFrame,
      step,
    });
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
});
