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
});
