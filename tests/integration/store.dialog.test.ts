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

  it('writes earlier answers back as they were sealed and opens one only when its replies are read', async () => {
    const repo = new MongoDialogRepo<Effect>(models, effectSchema, await testCipher(connection));
    const first = await repo.load('p3');
    const said = (text: string) => [{ text }];
    const answer = (event: string, text: string) => ({ event, replies: said(text) });
    const base = { ...first, ...idleFrame, schemaVersion: DIALOG_SCHEMA_VERSION, pending: [] };
    expect(await repo.save({ ...base, revision: 1, answered: [answer('slack:Ev1', 'one')] }, 0)).toBe(true);
    const storedOne = (await models.dialog.findById('p3').lean())?.answered as { event: string; replies: unknown }[];
    expect(storedOne[0]?.replies).toMatch(/^enc1:/); // sealed at rest

    const read = await repo.load('p3');
    const kept = read.answered ?? [];
    const updates: Record<string, unknown>[] = [];
    const client = connection.getClient();
    const watch = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (event.commandName === 'update' && event.command.update === 'dialogs') updates.push(event.command);
    };
    client.on('commandStarted', watch);
    expect(await repo.save({ ...read, revision: 2, answered: [...kept, answer('slack:Ev2', 'two')] }, 1)).toBe(true);
    client.off('commandStarted', watch);
    // Only the new answer travels: pushed, with the oldest dropped by $slice, never the ones read written again.
    expect(JSON.stringify(updates)).toContain('"$push":{"answered":{"$each":[{"event":"slack:Ev2"');
    expect(JSON.stringify(updates)).not.toContain('slack:Ev1');
    const storedTwo = (await models.dialog.findById('p3').lean())?.answered as { event: string; replies: unknown }[];
    expect(storedTwo.map((a) => a.event)).toEqual(['slack:Ev1', 'slack:Ev2']);
    expect(storedTwo[0]?.replies).toBe(storedOne[0]?.replies); // the same ciphertext: not opened, not sealed again
    expect(storedTwo[1]?.replies).toMatch(/^enc1:/);
    expect(storedTwo[1]?.replies).not.toBe(storedTwo[0]?.replies);

    const again = await repo.load('p3');
    expect(again.answered?.map((a) => [a.event, a.replies])).toEqual([
      ['slack:Ev1', said('one')],
      ['slack:Ev2', said('two')],
    ]);
    // A lost race's state (never read back) is sealed afresh: only what came from the store is written back as read.
    const racing = { ...again, revision: 3, answered: [answer('slack:Ev1', 'other')] };
    expect(await repo.save(racing, 2)).toBe(true);
    const storedThree = (await models.dialog.findById('p3').lean())?.answered as { replies: unknown }[];
    expect(storedThree[0]?.replies).not.toBe(storedOne[0]?.replies);
    expect((await repo.load('p3')).answered?.[0]?.replies).toEqual(said('other'));
  });

  it('a damaged saved answer stops only the turn that reads it', async () => {
    const repo = new MongoDialogRepo<Effect>(models, effectSchema, await testCipher(connection));
    const first = await repo.load('p4');
    const base = { ...first, ...idleFrame, schemaVersion: DIALOG_SCHEMA_VERSION, pending: [] };
    const answered = [{ event: 'slack:Ev1', replies: [{ text: 'one' }] }];
    expect(await repo.save({ ...base, revision: 1, answered }, 0)).toBe(true);
    const stored = (await models.dialog.findById('p4').lean())?.answered as { event: string; replies: string }[];
    const sealed = stored[0]?.replies ?? '';
    const flipped = `${sealed.slice(0, 10)}${sealed[10] === 'A' ? 'B' : 'A'}${sealed.slice(11)}`;
    await models.dialog.updateOne({ _id: 'p4' }, { $set: { 'answered.0.replies': flipped } });
    const read = await repo.load('p4');
    expect(read.revision).toBe(1);
    expect(read.answered?.[0]?.event).toBe('slack:Ev1');
    expect(() => read.answered?.[0]?.replies).toThrow(/does not open/);
  });
});
