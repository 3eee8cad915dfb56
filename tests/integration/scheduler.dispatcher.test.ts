/**
 * The dispatcher against the real MongoDB-compatible server, with a fake Messenger and a fake Resumer through their
 * ports (and once, the real engine): claims, merged sends, the daily cap, windows, retries, permanent failures,
 * crash recovery and leases.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Person } from '../../src/coaching/model.js';
import type { Dispatcher } from '../../src/scheduler/index.js';
import { createDispatcher } from '../../src/scheduling.js';
import type { DispatcherSettings, Resumer } from '../../src/scheduler/ports.js';
import { createHarness, type Harness } from '../support/scripted-client.js';
import { deferred, FakeMessenger, FakeResumer, seedPerson } from '../support/scheduler-fakes.js';

let h: Harness;
let app: App;
let messenger: FakeMessenger;
let resumer: FakeResumer;

const dispatcher = (
  options: {
    resumer?: Resumer;
    settings?: Partial<DispatcherSettings>;
    instanceId?: string;
    messenger?: FakeMessenger;
  } = {},
): Dispatcher =>
  createDispatcher(app, [options.messenger ?? messenger], {
    instanceId: options.instanceId ?? 'test-1',
    resumer: options.resumer ?? resumer,
    ...(options.settings ? { settings: options.settings } : {}),
  });

let counter = 0;
const plan = async (
  recipient: Person,
  options: { kind?: string; dueAt?: string; urgent?: boolean; key?: string } = {},
): Promise<string> => {
  const key = options.key ?? `test/${++counter}`;
  await app.store.outbox.plan({
    key,
    kind: options.kind ?? 'test.nudge',
    recipientId: recipient.id,
    dueAt: new Date(options.dueAt ?? h.clock.now().toISOString()),
    payload: { n: counter },
    ...(options.urgent ? { urgent: true } : {}),
  });
  return key;
};

beforeAll(async () => {
  // Tuesday 2026-12-01 10:00 in Amsterdam: inside everyone's working hours.
  h = await createHarness({ label: 'sched_dispatch', start: '2026-12-01T09:00:00Z' });
  app = h.app;
});
afterAll(() => h.close());
beforeEach(async () => {
  h.clock.set('2026-12-01T09:00:00Z');
  messenger = new FakeMessenger();
  resumer = new FakeResumer();
  await h.models.outbox.deleteMany({});
});

describe('the dispatcher', () => {
  it('delivers a due item, records the platform message id, and moves it from the outbox to the log', async () => {
    const ann = await seedPerson(app, { userId: 'ann' });
    const key = await plan(ann);
    const result = await dispatcher().tick();
    expect(result).toMatchObject({ claimed: 1, sent: 1, messages: 1 });
    expect(messenger.textsTo('ann')).toEqual([[`test.nudge {"n":${counter}}`]]);
    expect(await app.store.outbox.pending()).toEqual([]);
    const logged = await app.store.outbox.delivery(key);
    expect(logged).toMatchObject({
      outcome: 'sent',
      channel: 'web',
      messageId: messenger.sent[0]?.messageId,
      instance: 'test-1',
    });
    expect(resumer.calls[0]?.event).toEqual({ type: 'resume', kind: 'test.nudge', payload: { n: counter }, key });
  });

  it('leaves items that are not due yet', async () => {
    const ann = await seedPerson(app, { userId: 'ann' });
    await plan(ann, { dueAt: '2026-12-01T09:30:00Z' });
    expect((await dispatcher().tick()).claimed).toBe(0);
    expect(messenger.sent).toEqual([]);
    h.clock.set('2026-12-01T09:30:00Z');
    expect((await dispatcher().tick()).sent).toBe(1);
  });

  it('logs an item as skipped, sending nothing, when the real engine has nothing to say', async () => {
    const ann = await seedPerson(app, { userId: 'ann' });
    const key = await plan(ann, { kind: 'scheduler.test.no-handler' });
    const result = await createDispatcher(app, [messenger], { instanceId: 'engine' }).tick();
    expect(result).toMatchObject({ claimed: 1, skipped: 1, sent: 0, messages: 0 });
    expect(messenger.sent).toEqual([]);
    expect(await app.store.outbox.delivery(key)).toMatchObject({ outcome: 'skipped', reason: 'nothing_to_say' });
  });

  it('merges several due items for one person into one message', async () => {
    const bo = await seedPerson(app, { userId: 'bo' });
    const cy = await seedPerson(app, { userId: 'cy' });
    await plan(bo, { kind: 'agreement.due' });
    await plan(bo, { kind: 'prep.invite' });
    await plan(bo, { kind: 'agreement.followup' });
    await plan(cy, { kind: 'agreement.due' });
    resumer.silent.add('agreement.followup');
    const result = await dispatcher().tick();
    expect(result).toMatchObject({ claimed: 4, sent: 3, skipped: 1, messages: 2 });
    const toBo = messenger.textsTo('bo');
    expect(toBo).toHaveLength(1);
    expect(toBo[0]?.map((t) => t.split(' ')[0]).sort()).toEqual(['agreement.due', 'prep.invite']);
    expect(messenger.textsTo('cy')).toHaveLength(1);
    const log = await app.store.outbox.deliveriesFor(bo.id);
    expect(new Set(log.filter((e) => e.outcome === 'sent').map((e) => e.messageId)).size).toBe(1);
  });

  it('sends at most N non-urgent messages per local day and holds the rest for the next working morning', async () => {
    const di = await seedPerson(app, { userId: 'di' });
    const d = dispatcher({ settings: { maxMessagesPerDay: 2 } });
    for (const at of ['2026-12-01T09:00:00Z', '2026-12-01T11:00:00Z', '2026-12-01T13:00:00Z']) {
      h.clock.set(at);
      await plan(di);
      await d.tick();
    }
    expect(messenger.textsTo('di')).toHaveLength(2);
    const [held] = await app.store.outbox.pending({ recipientId: di.id });
    expect(held?.dueAt.toISOString()).toBe('2026-12-02T08:00:00.000Z'); // Wednesday 09:00 Amsterdam
    // An urgent answer still goes out the same day.
    await plan(di, { urgent: true });
    expect((await d.tick()).sent).toBe(1);
    h.clock.set('2026-12-02T08:00:00Z');
    expect((await d.tick()).sent).toBe(1);
    expect(messenger.textsTo('di')).toHaveLength(4);
  });

  it('holds a normal item outside working hours and an urgent one in quiet hours, each to the next allowed moment', async () => {
    const ed = await seedPerson(app, {
      userId: 'ed',
      timeZone: 'America/New_York',
      quietHours: { start: '21:00', end: '07:30' },
    });
    h.clock.set('2026-12-01T11:00:00Z'); // 06:00 in New York
    await plan(ed, { kind: 'normal' });
    await plan(ed, { kind: 'urgent', urgent: true });
    expect(await dispatcher().tick()).toMatchObject({ claimed: 2, deferred: 2, sent: 0 });
    const pending = await app.store.outbox.pending({ recipientId: ed.id });
    expect(pending.map((p) => [p.kind, p.dueAt.toISOString(), p.attempts])).toEqual([
      ['urgent', '2026-12-01T12:30:00.000Z', 0], // 07:30, the end of quiet hours
      ['normal', '2026-12-01T14:00:00.000Z', 0], // 09:00, the start of the working day
    ]);
    h.clock.set('2026-12-01T12:30:00Z');
    expect((await dispatcher().tick()).sent).toBe(1);
    h.clock.set('2026-12-01T14:00:00Z');
    expect((await dispatcher().tick()).sent).toBe(1);
  });

  it('holds items while the person is paused', async () => {
    const fi = await seedPerson(app, { userId: 'fi', pausedUntil: '2026-12-04' });
    await plan(fi);
    await plan(fi, { urgent: true });
    expect(await dispatcher().tick()).toMatchObject({ deferred: 2, sent: 0 });
    const due = (await app.store.outbox.pending({ recipientId: fi.id })).map((p) => p.dueAt.toISOString());
    expect(due).toEqual(['2026-12-05T06:00:00.000Z', '2026-12-07T08:00:00.000Z']); // urgent: Saturday 07:00; normal: Monday 09:00
  });

  it('retries a transient failure with exponential backoff', async () => {
    const gi = await seedPerson(app, { userId: 'gi' });
    const key = await plan(gi);
    messenger.failWith({ kind: 'transient', reason: 'HTTP 503' }, { kind: 'transient', reason: 'HTTP 503' });
    const d = dispatcher({ settings: { backoffBaseMs: 30_000 } });
    expect((await d.tick()).retried).toBe(1);
    let [row] = await app.store.outbox.pending({ recipientId: gi.id });
    expect(row).toMatchObject({ attempts: 1, lastError: 'HTTP 503', dueAt: new Date('2026-12-01T09:00:30Z') });
    expect(row?.leaseOwner).toBeUndefined();
    expect((await d.tick()).claimed).toBe(0); // not before its new due time
    h.clock.advance(30_000);
    expect((await d.tick()).retried).toBe(1);
    [row] = await app.store.outbox.pending({ recipientId: gi.id });
    expect(row).toMatchObject({ attempts: 2, dueAt: new Date('2026-12-01T09:01:30Z') }); // 60 s after the second try
    h.clock.advance(60_000);
    expect((await d.tick()).sent).toBe(1);
    expect(await app.store.outbox.delivery(key)).toMatchObject({ outcome: 'sent', attempts: 2 });
  });

  it('honours a 429 Retry-After longer than the backoff', async () => {
    const hu = await seedPerson(app, { userId: 'hu' });
    await plan(hu);
    messenger.failWith({ kind: 'transient', reason: 'HTTP 429', retryAfterMs: 120_000 });
    expect((await dispatcher().tick()).retried).toBe(1);
    const [row] = await app.store.outbox.pending({ recipientId: hu.id });
    expect(row?.dueAt.toISOString()).toBe('2026-12-01T09:02:00.000Z');
    h.clock.advance(119_000);
    expect((await dispatcher().tick()).claimed).toBe(0);
    h.clock.advance(1_000);
    expect((await dispatcher().tick()).sent).toBe(1);
  });

  it('records a permanent failure, marks the person unreachable, and makes it visible', async () => {
    const io = await seedPerson(app, { userId: 'io' });
    const key = await plan(io);
    messenger.failWith({ kind: 'permanent', reason: 'user_not_found' });
    expect((await dispatcher().tick()).failed).toBe(1);
    expect(await app.store.outbox.delivery(key)).toMatchObject({ outcome: 'failed', reason: 'user_not_found' });
    expect((await app.store.people.get(io.id))?.unreachable).toMatchObject({ reason: 'user_not_found' });
    expect((await app.store.outbox.failedDeliveries()).map((f) => f.key)).toContain(key);
    // Later items for an unreachable person are logged as skipped, not sent into the void.
    const later = await plan(io);
    expect((await dispatcher().tick()).skipped).toBe(1);
    expect(await app.store.outbox.delivery(later)).toMatchObject({
      outcome: 'skipped',
      reason: 'unreachable: user_not_found',
    });
    expect(messenger.sent).toEqual([]);
  });

  it('records a refused message as failed without marking the person unreachable', async () => {
    const ivy = await seedPerson(app, { userId: 'ivy' });
    const key = await plan(ivy);
    messenger.failWith({ kind: 'permanent', scope: 'message', reason: 'teams: 413 the message was refused' });
    expect((await dispatcher().tick()).failed).toBe(1);
    expect(await app.store.outbox.delivery(key)).toMatchObject({
      outcome: 'failed',
      reason: 'teams: 413 the message was refused',
    });
    expect((await app.store.people.get(ivy.id))?.unreachable).toBeUndefined();
    // The next message reaches them as usual.
    const next = await plan(ivy);
    expect((await dispatcher().tick()).sent).toBe(1);
    expect(await app.store.outbox.delivery(next)).toMatchObject({ outcome: 'sent' });
  });

  it('gives up after the last attempt and records it as failed', async () => {
    const jo = await seedPerson(app, { userId: 'jo' });
    const key = await plan(jo);
    resumer.failures = 2;
    const d = dispatcher({ settings: { maxAttempts: 2, backoffBaseMs: 1000 } });
    expect((await d.tick()).retried).toBe(1);
    h.clock.advance(1000);
    expect((await d.tick()).failed).toBe(1);
    expect(await app.store.outbox.delivery(key)).toMatchObject({
      outcome: 'failed',
      reason: 'gave up after 2 attempts: Error',
      attempts: 2,
    });
  });

  it('one unreadable person document holds back only that person: the others in the chunk are delivered', async () => {
    const lu = await seedPerson(app, { userId: 'lu' });
    const lu1 = await plan(lu);
    await h.models.person.collection.insertOne({
      _id: 'broken-person',
      displayName: 'Broken',
      locale: 'en',
      timeZone: 'Europe/Amsterdam',
      workingHours: { start: '09:00', end: '17:30', days: [0] }, // refused by the schema (days are 1-7)
      identities: [{ channel: 'web', tenantId: 'local', userId: 'broken' }],
      identityKeys: ['web:local:broken'],
      createdAt: h.clock.now(),
    } as never);
    const broken = await app.store.outbox.plan({
      key: 'test/broken',
      kind: 'test.nudge',
      recipientId: 'broken-person',
      dueAt: h.clock.now(),
      payload: {},
    });
    expect(broken).toBe(true);
    const result = await dispatcher().tick();
    expect(result).toMatchObject({ sent: 1, retried: 1 });
    expect(await app.store.outbox.delivery(lu1)).toMatchObject({ outcome: 'sent' });
    expect((await app.store.outbox.pending()).map((i) => [i.key, i.attempts])).toEqual([['test/broken', 1]]);
    await h.models.person.deleteOne({ _id: 'broken-person' });
  });

  it('skips a person without a reachable identity, and an unknown recipient', async () => {
    const ka = await seedPerson(app, { userId: 'ka', channel: 'slack' });
    const noRoute = await plan(ka);
    await app.store.outbox.plan({
      key: 'test/ghost',
      kind: 'x',
      recipientId: 'nobody',
      dueAt: h.clock.now(),
      payload: {},
    });
    expect((await dispatcher().tick()).skipped).toBe(2);
    expect(await app.store.outbox.delivery(noRoute)).toMatchObject({
      outcome: 'skipped',
      reason: 'no_reachable_identity',
    });
    expect(await app.store.outbox.delivery('test/ghost')).toMatchObject({
      outcome: 'skipped',
      reason: 'recipient_not_found',
    });
  });

  it('only removes an item that was logged before a crash, without sending it again', async () => {
    const lu = await seedPerson(app, { userId: 'lu' });
    const key = await plan(lu);
    await h.models.delivery.create({
      _id: key,
      kind: 'test.nudge',
      recipientId: lu.id,
      dueAt: h.clock.now(),
      deliveredAt: h.clock.now(),
      outcome: 'sent',
      messageId: 'earlier',
    });
    expect((await dispatcher().tick()).alreadyDelivered).toBe(1);
    expect(messenger.sent).toEqual([]);
    expect(await app.store.outbox.pending()).toEqual([]);
  });

  it('never plans a delivered key again', async () => {
    const mo = await seedPerson(app, { userId: 'mo' });
    const key = await plan(mo);
    await dispatcher().tick();
    expect(
      await app.store.outbox.plan({ key, kind: 'test.nudge', recipientId: mo.id, dueAt: h.clock.now(), payload: {} }),
    ).toBe(false);
    expect(await app.store.outbox.pending()).toEqual([]);
  });
});

describe('leases', () => {
  it('lets another instance deliver an item whose claimer stopped after claiming, once the lease ends', async () => {
    const nu = await seedPerson(app, { userId: 'nu' });
    const key = await plan(nu);
    const stuck = new FakeResumer();
    stuck.gate = new Promise(() => {}); // never resumes: the process "died" right after its claim
    const crashed = dispatcher({ resumer: stuck, instanceId: 'crashed', settings: { leaseMs: 60_000 } });
    void crashed.tick();
    await expect.poll(() => stuck.calls.length).toBe(1);
    const [held] = await app.store.outbox.pending();
    expect(held?.leaseOwner).toMatch(/^crashed#/);

    const survivor = dispatcher({ instanceId: 'survivor', settings: { leaseMs: 60_000 } });
    expect((await survivor.tick()).claimed).toBe(0); // still leased
    h.clock.advance(60_000);
    expect(await survivor.tick()).toMatchObject({ claimed: 1, sent: 1 });
    expect(messenger.textsTo('nu')).toHaveLength(1);
    expect(await app.store.outbox.delivery(key)).toMatchObject({ outcome: 'sent', instance: 'survivor' });
  });

  it('logs a second delivery as a visible duplicate when a claimer outlives its lease inside the platform call', async () => {
    const ox = await seedPerson(app, { userId: 'ox' });
    const key = await plan(ox);
    const stuck = new FakeMessenger();
    const gate = deferred();
    stuck.gate = gate.promise;
    const slowOne = dispatcher({ messenger: stuck, instanceId: 'slow', settings: { leaseMs: 60_000 } });
    const slowTick = slowOne.tick();
    await expect.poll(async () => (await app.store.outbox.pending())[0]?.sendingAt).toBeInstanceOf(Date);
    h.clock.advance(61_000);
    // The new owner sees the recorded attempt; this platform cannot be checked and a nudge of this kind is at least
    // once, so it is sent again, marked as a possible duplicate.
    expect(await dispatcher({ instanceId: 'fast' }).tick()).toMatchObject({ sent: 1, possibleDuplicates: 1 });
    gate.resolve();
    expect((await slowTick).duplicates).toBe(1);
    const entries = await app.store.outbox.deliveriesFor(ox.id);
    expect(entries.map((e) => e.outcome).sort()).toEqual(['duplicate', 'sent']);
    expect(entries.find((e) => e.key === key)).toMatchObject({ instance: 'fast', possibleDuplicate: true });
    expect(await app.store.outbox.pending()).toEqual([]);
  });

  it('a claimer that outlived its lease before sending does not send: the new owner holds the item', async () => {
    const py = await seedPerson(app, { userId: 'py' });
    await plan(py);
    const slow = new FakeResumer();
    const gate = deferred();
    slow.gate = gate.promise;
    const slowTick = dispatcher({ resumer: slow, instanceId: 'slow', settings: { leaseMs: 60_000 } }).tick();
    await expect.poll(() => slow.calls.length).toBe(1);
    h.clock.advance(61_000);
    await dispatcher({ instanceId: 'fast' }).tick();
    gate.resolve();
    expect(await slowTick).toMatchObject({ messages: 0, duplicates: 0, lost: 1 });
    expect(messenger.textsTo('py')).toHaveLength(1);
    expect((await app.store.outbox.deliveriesFor(py.id)).map((e) => e.outcome)).toEqual(['sent']);
  });
});
