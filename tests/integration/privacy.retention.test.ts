/**
 * Retention on the real server: ended trajectories go with everything under them (data key first) after
 * RETENTION_DAYS_AFTER_END, younger ones and running ones stay, one ended before retention existed starts its clock
 * now; long-idle dialogs lose their in-progress values; every supporting collection carries a TTL index.
 */
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { silentLogger } from '../../src/core/logger.js';
import { createModels } from '../../src/store/schemas.js';
import { dropDatabase, freshDatabase } from '../support/db.js';
import { phrasesAtRest } from '../support/at-rest.js';

const NOW = new Date('2027-06-01T10:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 24 * 3600 * 1000);

describe('retention', () => {
  let connection: Connection;
  let app: App;
  beforeAll(async () => {
    connection = await freshDatabase('retention');
    const settings = { defaultLocale: 'en' as const, defaultTimeZone: 'UTC', workStart: '09:00', workEnd: '17:30' };
    app = await createApp({ connection, clock: { now: () => NOW }, logger: silentLogger, settings });
  });
  afterAll(() => dropDatabase(connection));

  const trajectory = async (id: string, goal: string, status: 'active' | 'ended', endedAt?: Date) => {
    await app.store.trajectories.insert({
      id,
      employeeId: 'p-1',
      coachId: 'p-2',
      proposedBy: 'employee',
      goal,
      cadenceDays: 14,
      durationMinutes: 60,
      status,
      createdAt: daysAgo(800),
      ...(endedAt ? { endedAt } : {}),
      revision: 0,
    });
    await app.store.agreements.insert({
      id: `${id}:a1`,
      trajectoryId: id,
      owner: 'employee',
      what: `${goal} agreement`,
      due: '2026-01-10',
      status: 'open',
      proposedBy: 'employee',
      history: [],
      createdAt: daysAgo(800),
      revision: 0,
    });
    await createModels(connection).delivery.create({
      _id: `${id}:nudge`,
      kind: 'agreement.nudge',
      recipientId: 'p-1',
      payload: { agreementId: `${id}:a1` },
      deliveredAt: daysAgo(30),
      outcome: 'sent',
      dueAt: daysAgo(30),
      attempts: 1,
    });
  };

  it('removes trajectories ended longer ago than the retention period, with everything under them', async () => {
    await trajectory('t-old', 'Old narwhal goal', 'ended', daysAgo(400));
    await trajectory('t-young', 'Young otter goal', 'ended', daysAgo(100));
    await trajectory('t-running', 'Running lynx goal', 'active');
    await trajectory('t-legacy', 'Legacy heron goal', 'ended');
    await createModels(connection).trajectory.updateOne({ _id: 't-legacy' }, { $unset: { endedAt: '' } });

    const result = await app.store.retention(365).run(NOW);
    expect(result.trajectories).toBe(1);
    expect(await app.store.trajectories.get('t-old')).toBeNull();
    expect(await app.store.agreements.get('t-old:a1')).toBeNull();
    expect(await createModels(connection).delivery.exists({ _id: 't-old:nudge' })).toBeNull();
    expect(
      await connection
        .getClient()
        .db(connection.name)
        .collection('data_keys')
        .countDocuments({ _id: 'trajectory:t-old' as never }),
    ).toBe(0);
    expect(await phrasesAtRest(connection, ['t-old', 'narwhal'])).toEqual([]);
    for (const id of ['t-young', 't-running', 't-legacy']) expect(await app.store.trajectories.get(id)).not.toBeNull();
    expect((await app.store.trajectories.get('t-legacy'))?.endedAt).toEqual(NOW);
    // A year later the young one goes too.
    const later = new Date(NOW.getTime() + 300 * 24 * 3600 * 1000);
    expect((await app.store.retention(365).run(later)).trajectories).toBe(1);
    expect(await app.store.trajectories.get('t-young')).toBeNull();
  });

  it('clears what a person typed in a dialog idle for 90 days, keeping its revision', async () => {
    await createModels(connection).dialog.create({
      _id: 'p-idle',
      schemaVersion: 1,
      revision: 7,
      flow: null,
      step: null,
      values: { draft: 'x' },
      pending: [],
      updatedAt: daysAgo(120),
    });
    await createModels(connection).dialog.create({
      _id: 'p-busy',
      schemaVersion: 1,
      revision: 3,
      flow: null,
      step: null,
      values: { draft: 'y' },
      pending: [],
      updatedAt: daysAgo(5),
    });
    expect((await app.store.retention(365).run(NOW)).dialogs).toBe(1);
    expect(await createModels(connection).dialog.findById('p-idle').lean()).toMatchObject({ revision: 7, values: {} });
    expect(await createModels(connection).dialog.findById('p-busy').lean()).toMatchObject({ values: { draft: 'y' } });
  });

  it('every supporting collection expires by a TTL index', async () => {
    // createApp built every collection's indexes, the web chat's and Slack's forms included.
    await app.store.slackForms.put('k', { id: 'f', title: 't', submitLabel: 's', inputs: [] });
    const db = connection.getClient().db(connection.name);
    const ttl = async (name: string) =>
      (await db.collection(name).listIndexes().toArray()).find((i) => typeof i.expireAfterSeconds === 'number')
        ?.expireAfterSeconds;
    expect(await ttl('deliveries')).toBe(90 * 24 * 3600);
    expect(await ttl('web_messages')).toBe(90 * 24 * 3600);
    expect(await ttl('slack_forms')).toBe(30 * 24 * 3600);
    expect(await ttl('inbox')).toBe(24 * 3600);
    expect(await ttl('sendQuota')).toBe(0);
  });
});
