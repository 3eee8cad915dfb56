/**
 * MongoDB's single-document atomicity is the only compare-and-set this project uses (docs/architecture.md). These
 * races run against the real server: a server that reads-then-writes (FerretDB 1.x) lets several contenders win.
 */
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { DIALOG_SCHEMA_VERSION, idleFrame, type DialogState } from '../../src/core/dialog.js';
import { MongoTrajectoryRepo } from '../../src/store/coaching.repo.js';
import { MongoDialogRepo } from '../../src/store/dialog.repo.js';
import { createModels, ensureIndexes, type Models } from '../../src/store/schemas.js';
import { dropDatabase, freshDatabase } from '../support/db.js';
import { testCipher, testSealedFields } from '../support/cipher.js';

const CONTENDERS = 30;

describe('store races: exactly one winner per conditional update', () => {
  let connection: Connection;
  let models: Models;
  beforeAll(async () => {
    connection = await freshDatabase('race');
    models = createModels(connection);
    await ensureIndexes(models);
  });
  afterAll(() => dropDatabase(connection));

  it(`lets one of ${CONTENDERS} concurrent trajectory transitions win (findOneAndUpdate on the status)`, async () => {
    const repo = new MongoTrajectoryRepo(models, await testSealedFields(connection));
    await repo.insert({
      id: 'traj-race',
      employeeId: 'emp',
      proposedBy: 'employee',
      goal: 'grow',
      cadenceDays: 14,
      durationMinutes: 60,
      status: 'proposed',
      createdAt: new Date(),
      revision: 0,
    });
    const results = await Promise.all(
      Array.from({ length: CONTENDERS }, (_, i) =>
        repo.transition('traj-race', 'proposed', { status: 'active', coachId: `coach-${i}` }),
      ),
    );
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    const stored = await repo.get('traj-race');
    expect(stored?.status).toBe('active');
    expect(stored?.coachId).toBe(winners[0]?.coachId);
    expect(stored?.revision).toBe(1);
  });

  it(`lets one of ${CONTENDERS} concurrent dialog saves at the same revision win, first write included`, async () => {
    const repo = new MongoDialogRepo<never>(models, z.never(), await testCipher(connection));
    const state = (step: string, revision: number): DialogState<never> => ({
      personId: 'person-race',
      schemaVersion: DIALOG_SCHEMA_VERSION,
      revision,
      pending: [],
      ...idleFrame,
      flow: 'race',
      step,
    });
    // Revision 0 → 1: the document does not exist yet, so the unique _id decides (insert vs duplicate key).
    const created = await Promise.all(
      Array.from({ length: CONTENDERS }, (_, i) => repo.save(state(`create-${i}`, 1), 0)),
    );
    expect(created.filter(Boolean)).toHaveLength(1);
    // Revision 1 → 2: a conditional update on the revision.
    const saved = await Promise.all(
      Array.from({ length: CONTENDERS }, (_, i) => repo.save(state(`update-${i}`, 2), 1)),
    );
    expect(saved.filter(Boolean)).toHaveLength(1);
    const winner = saved.indexOf(true);
    const loaded = await repo.load('person-race');
    expect(loaded.revision).toBe(2);
    expect(loaded.step).toBe(`update-${winner}`);
  });

  it(`keeps every one of ${CONTENDERS * 20} concurrent $inc operations`, async () => {
    const counters = connection.collection<{ _id: string; n: number }>('race_counters');
    await counters.insertOne({ _id: 'c', n: 0 });
    await Promise.all(
      Array.from({ length: CONTENDERS * 20 }, () => counters.updateOne({ _id: 'c' }, { $inc: { n: 1 } })),
    );
    expect((await counters.findOne({ _id: 'c' }))?.n).toBe(CONTENDERS * 20);
  });
});
