/**
 * A send that may already have gone out is not repeated blindly: the attempt is recorded on the outbox item before the
 * platform call, and the next claimer checks (on a platform that can tell) or follows the kind's guarantee (on one that
 * cannot). Real MongoDB-compatible server; fake messengers through the Messenger port.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Person } from '../../src/coaching/model.js';
import { Dispatcher } from '../../src/scheduler/index.js';
import type { DispatchStore } from '../../src/scheduler/ports.js';
import type { Messenger } from '../../src/core/messenger.js';
import { silentLogger } from '../../src/core/logger.js';
import { createHarness, type Harness } from '../support/scripted-client.js';
import { CheckingMessenger, FakeMessenger, FakeResumer, seedPerson } from '../support/scheduler-fakes.js';

let h: Harness;
let app: App;
const LEASE_MS = 60_000;

const dispatcher = (messenger: Messenger, instanceId: string, store: DispatchStore = app.store.outbox): Dispatcher =>
  new Dispatcher({
    store,
    quota: app.store.sendQuota,
    recipients: app.store.people,
    deliverables: new FakeResumer(),
    messengers: [messenger],
    clock: app.clock,
    logger: silentLogger,
    instanceId,
    settings: { leaseMs: LEASE_MS, maxMessagesPerDay: 20 },
  });

const plan = async (recipient: Person, kind: string, key: string): Promise<void> => {
  await app.store.outbox.plan({
    key,
    kind,
    recipientId: recipient.id,
    dueAt: app.clock.now(),
    payload: {},
    urgent: true,
  });
};

beforeAll(async () => {
  h = await createHarness({ label: 'sched_recovery', start: '2026-12-01T09:00:00Z' });
  app = h.app;
});
afterAll(() => h.close());
beforeEach(async () => {
  h.clock.set('2026-12-01T09:00:00Z');
  await h.models.outbox.deleteMany({});
  await h.models.delivery.deleteMany({});
});

describe('a send that may already have gone out', () => {
  it('is found on a platform that can tell, recorded as sent with its message id, and not sent again', async () => {
    const ann = await seedPerson(app, { userId: 'ann-r' });
    await plan(ann, 'prep.invite', 'r/1');
    const slack = new CheckingMessenger('web');
    slack.dieAfterSend = true;
    void dispatcher(slack, 'dies').tick(); // sends, then "dies" inside the platform call
    await expect.poll(() => slack.sent.length).toBe(1);
    expect((await app.store.outbox.pending())[0]?.sendingAt).toBeInstanceOf(Date);

    slack.dieAfterSend = false;
    h.clock.advance(LEASE_MS + 1);
    const result = await dispatcher(slack, 'takes-over').tick();
    expect(result).toMatchObject({ claimed: 1, recovered: 1, messages: 0 });
    expect(slack.sent).toHaveLength(1);
    expect(slack.lookups).toEqual(['r/1']);
    expect(await app.store.outbox.delivery('r/1')).toMatchObject({
      outcome: 'sent',
      messageId: slack.sent[0]?.messageId,
    });
    expect(await app.store.outbox.pending()).toEqual([]);
  });

  it('is sent again when the platform shows it did not go out', async () => {
    const bo = await seedPerson(app, { userId: 'bo-r' });
    await plan(bo, 'digest', 'r/2');
    const slack = new CheckingMessenger('web');
    // An attempt was recorded by an instance that died before the platform call.
    await h.models.outbox.updateOne({ _id: 'r/2' }, { $set: { sendingAt: new Date() } });
    const result = await dispatcher(slack, 'one').tick();
    expect(result).toMatchObject({ sent: 1, recovered: 0, possibleDuplicates: 0 });
    expect(slack.sent.map((s) => s.keys)).toEqual([['r/2']]);
  });

  it('where the platform cannot tell: a reminder is dropped, an invitation is sent again and logged as a possible duplicate', async () => {
    const cy = await seedPerson(app, { userId: 'cy-r' });
    const di = await seedPerson(app, { userId: 'di-r' });
    await plan(cy, 'agreement.due', 'r/3');
    await plan(di, 'prep.invite', 'r/4');
    const teams = new FakeMessenger('web');
    teams.dieAfterSend = true;
    void dispatcher(teams, 'dies').tick();
    await expect.poll(() => teams.sent.length).toBe(2);

    teams.dieAfterSend = false;
    h.clock.advance(LEASE_MS + 1);
    const seen: string[] = [];
    const d = new Dispatcher({
      ...dispatcherDeps(teams),
      onPossibleDuplicate: (sent) => seen.push(`${sent.kind}@${sent.channel}`),
    });
    const result = await d.tick();
    expect(result).toMatchObject({ claimed: 2, sent: 1, skipped: 1, possibleDuplicates: 1 });
    expect(teams.sent.map((s) => s.keys?.join()).sort()).toEqual(['r/3', 'r/4', 'r/4']);
    expect(await app.store.outbox.delivery('r/3')).toMatchObject({
      outcome: 'skipped',
      reason: 'possibly_sent_before_interruption',
    });
    expect(await app.store.outbox.delivery('r/4')).toMatchObject({ outcome: 'sent', possibleDuplicate: true });
    expect(seen).toEqual(['prep.invite@web']);
  });

  it('a database failure after the send leaves the item held and checked, not resent (outcome written before release)', async () => {
    const ed = await seedPerson(app, { userId: 'ed-r' });
    await plan(ed, 'trajectory.invite', 'r/5');
    const slack = new CheckingMessenger('web');
    let failures = 1;
    const flaky: DispatchStore = {
      findDue: (now, limit) => app.store.outbox.findDue(now, limit),
      claimMany: (keys, now, owner, leaseMs) => app.store.outbox.claimMany(keys, now, owner, leaseMs),
      alreadyDelivered: (keys) => app.store.outbox.alreadyDelivered(keys),
      markSending: (keys, owner, at, until) => app.store.outbox.markSending(keys, owner, at, until),
      renewMany: (keys, owner, until) => app.store.outbox.renewMany(keys, owner, until),
      releaseMany: (owner, releases) => app.store.outbox.releaseMany(owner, releases),
      discard: (keys) => app.store.outbox.discard(keys),
      completeMany: (completions) => {
        if (failures-- > 0)
          return Promise.reject(Object.assign(new Error('connection lost'), { name: 'MongoNetworkError' }));
        return app.store.outbox.completeMany(completions);
      },
    };
    const first = await dispatcher(slack, 'one', flaky).tick();
    expect(first).toMatchObject({ claimed: 1, sent: 0, retried: 1 });
    expect(slack.sent).toHaveLength(1);

    h.clock.advance(10 * 60_000);
    const second = await dispatcher(slack, 'two', flaky).tick();
    expect(second).toMatchObject({ claimed: 1, recovered: 1, messages: 0 });
    expect(slack.sent).toHaveLength(1);
    expect(await app.store.outbox.delivery('r/5')).toMatchObject({
      outcome: 'sent',
      messageId: slack.sent[0]?.messageId,
    });
  });
});

describe('a send found in the DM after its lease ran out', () => {
  it('is one delivery, counted as recovered, not a duplicate, also when its sender records it late', async () => {
    const fi = await seedPerson(app, { userId: 'fi-r' });
    await plan(fi, 'prep.invite', 'r/6');
    const slack = new CheckingMessenger('web');
    let record: () => void = () => undefined;
    const recordLate = new Promise<void>((resolve) => (record = resolve));
    const outbox = app.store.outbox;
    const slowToRecord: DispatchStore = {
      findDue: (now, limit) => outbox.findDue(now, limit),
      claimMany: (keys, now, owner, leaseMs) => outbox.claimMany(keys, now, owner, leaseMs),
      alreadyDelivered: (keys) => outbox.alreadyDelivered(keys),
      markSending: (keys, owner, at, until) => outbox.markSending(keys, owner, at, until),
      renewMany: (keys, owner, until) => outbox.renewMany(keys, owner, until),
      releaseMany: (owner, releases) => outbox.releaseMany(owner, releases),
      discard: (keys) => outbox.discard(keys),
      completeMany: async (completions) => {
        await recordLate;
        return outbox.completeMany(completions);
      },
    };
    // The first instance sends, then stalls before recording it, past its lease.
    const first = dispatcher(slack, 'slow', slowToRecord).tick();
    await expect.poll(() => slack.sent.length).toBe(1);
    h.clock.advance(LEASE_MS + 1);
    const second = await dispatcher(slack, 'takes-over').tick();
    expect(second).toMatchObject({ claimed: 1, recovered: 1, messages: 0, duplicates: 0 });
    record();
    expect(await first).toMatchObject({ sent: 1, messages: 1, duplicates: 0 });

    expect(slack.sent).toHaveLength(1);
    const log = await h.models.delivery.find({ _id: { $regex: '^r/6' } }).lean();
    expect(log.map((d) => [d._id, d.outcome, d.messageId])).toEqual([['r/6', 'sent', slack.sent[0]?.messageId]]);
    expect(await h.models.delivery.countDocuments({ outcome: 'duplicate' })).toBe(0);
  });

  it('a second, different message for the same key is still logged and counted as a duplicate', async () => {
    const gu = await seedPerson(app, { userId: 'gu-r' });
    await plan(gu, 'prep.invite', 'r/7');
    const [item] = await app.store.outbox.claimMany(['r/7'], app.clock.now(), 'x#1', LEASE_MS);
    if (!item) throw new Error('not claimed');
    const at = app.clock.now();
    const entry = (messageId: string) => ({ outcome: 'sent' as const, deliveredAt: at, channel: 'web', messageId });
    expect(await app.store.outbox.completeMany([{ item, entry: entry('m-1') }])).toEqual(new Set());
    expect(await app.store.outbox.completeMany([{ item, entry: entry('m-1') }])).toEqual(new Set());
    expect(await app.store.outbox.completeMany([{ item, entry: entry('m-2') }])).toEqual(new Set(['r/7']));
    const log = await h.models.delivery.find({ _id: { $regex: '^r/7' } }).lean();
    expect(log.map((d) => [d.outcome, d.messageId]).sort()).toEqual([
      ['duplicate', 'm-2'],
      ['sent', 'm-1'],
    ]);
  });
});

function dispatcherDeps(messenger: Messenger): ConstructorParameters<typeof Dispatcher>[0] {
  return {
    store: app.store.outbox,
    quota: app.store.sendQuota,
    recipients: app.store.people,
    deliverables: new FakeResumer(),
    messengers: [messenger],
    clock: app.clock,
    logger: silentLogger,
    instanceId: 'takes-over',
    settings: { leaseMs: LEASE_MS, maxMessagesPerDay: 20 },
  };
}
