/**
 * Pending effects are read back through the domain's effect schema: a stored effect that no longer parses (an older
 * version, a damaged document) is left out instead of being half-applied; the valid ones around it are kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { effectSchema, type Effect } from '../../src/coaching/effects.js';
import { DIALOG_SCHEMA_VERSION, idleFrame } from '../../src/core/dialog.js';
import { MongoDialogRepo } from '../../src/store/dialog.repo.js';
import { createModels, ensureIndexes, type Models } from '../../src/store/schemas.js';
import { dropDatabase, freshDatabase } from '../support/db.js';
import { testCipher } from '../support/cipher.js';

describe('dialog state read back', () => {
  let connection: Connection;
  let models: Models;
  beforeAll(async () => {
    connection = await freshDatabase('dialog');
    models = createModels(connection);
    await ensureIndexes(models);
  });
  afterAll(() => dropDatabase(connection));

  it('parses pending effects with their schema and leaves out the ones that do not parse', async () => {
    const held: Effect = { type: 'session.held', sessionId: 's#1', byId: 'p1' };
    await models.dialog.create({
      _id: 'p1',
      schemaVersion: DIALOG_SCHEMA_VERSION,
      revision: 3,
      ...idleFrame,
      pending: [
        { id: 'p1:3:0', effect: held },
        { id: 'p1:3:1', effect: { type: 'session.held', sessionId: 42 } },
        { id: 'p1:3:2', effect: { type: 'launch.rocket' } },
      ],
    });
    const state = await new MongoDialogRepo<Effect>(models, effectSchema, await testCipher(connection)).load('p1');
    expect(state.revision).toBe(3);
    expect(state.pending).toEqual([{ id: 'p1:3:0', effect: held }]);
  });

  it('renews the claim on pending effects only for the claimer whose end is still stored', async () => {
    const held: Effect = { type: 'session.held', sessionId: 's#2', byId: 'p2' };
    await models.dialog.create({
      _id: 'p2',
      schemaVersion: DIALOG_SCHEMA_VERSION,
      revision: 5,
      ...idleFrame,
      pending: [{ id: 'p2:5:0', effect: held }],
    });
    const repo = new MongoDialogRepo<Effect>(models, effectSchema, await testCipher(connection));
    const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 8, 0, s));
    expect(await repo.claimPending('p2', 5, at(5), at(0))).toBe(true);
    expect(await repo.renewPending('p2', 5, at(5), at(8))).toBe(true);
    expect(await repo.renewPending('p2', 5, at(5), at(9))).toBe(false); // that end was replaced by the renewal
    expect(await repo.claimPending('p2', 5, at(14), at(7))).toBe(false); // still held
    expect(await repo.claimPending('p2', 5, at(20), at(10))).toBe(true); // ran out: another turn takes over
    expect(await repo.renewPending('p2', 5, at(8), at(12))).toBe(false); // the first claimer has lost it
    expect(await repo.renewPending('p2', 4, at(20), at(25))).toBe(false); // another revision
    await repo.clearPending('p2', 5);
    expect(await repo.renewPending('p2', 5, at(20), at(25))).toBe(false); // nothing pending any more
  });
});
