/**
 * An instance whose event loop is too busy to renew a lease in time sweeps its own event back: it must not start a
 * second run of an event it is still answering (the two runs would race their posts: an answer part twice). Seen in
 * the long fault run on an overloaded machine. Real inbox on the MongoDB-compatible server; the turn is a stand-in.
 */
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { SlackInbox, type SlackJob } from '../../src/channels/slack/slack.inbox.js';
import { MongoInbox } from '../../src/store/inbox.repo.js';
import { createModels, ensureIndexes, type Models } from '../../src/store/schemas.js';
import { dropDatabase, freshDatabase } from '../support/db.js';

describe('the Slack inbox sweep', () => {
  let connection: Connection;
  let models: Models;
  beforeAll(async () => {
    connection = await freshDatabase('inbox_sweep');
    models = createModels(connection);
    await ensureIndexes(models);
  });
  afterAll(() => dropDatabase(connection));

  it('keeps an event this process is still answering when its lease ran out, instead of running it twice', async () => {
    let runs = 0;
    let finish: () => void = () => undefined;
    const inbox = new SlackInbox({
      inbox: new MongoInbox(models),
      owner: 'bot1-1-abcd',
      leaseMs: 5_000,
      logger: silentLogger,
      run: async () => {
        runs++;
        await new Promise<void>((resolve) => (finish = resolve));
        return 'done';
      },
      track: (work) => work(),
    });
    const job: SlackJob = { team: 'T0', user: 'U0SLOW', eventId: 'EvSLOW1', body: { type: 'text', text: 'hello' } };
    await inbox.accept(job);
    await expect.poll(() => runs).toBe(1);
    // The event loop stalled past the lease: the stored lease has run out while the run is still going.
    await models.inbox.updateOne({ _id: 'slack:EvSLOW1' }, { $set: { leaseUntil: new Date(Date.now() - 1_000) } });

    await inbox.sweep();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(runs).toBe(1);

    finish();
    await expect.poll(async () => (await models.inbox.findById('slack:EvSLOW1').lean())?.status).toBe('done');
    expect(runs).toBe(1);
    inbox.stop();
  });
});
