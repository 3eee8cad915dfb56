/**
 * A send can no longer outlive its claim: two dispatchers on one database deliver through the real Slack messenger to
 * the stand-in Slack API (a real HTTP server on 127.0.0.1 that keeps every post with its metadata, as Slack does),
 * with a 3 s outbox lease and real time. The stand-in holds a post longer than the lease while the second dispatcher
 * keeps ticking; a render slower than the lease runs while the second one ticks; a post asked for after its claim's
 * moment is refused. Each time the message reaches the person's DM exactly once and the log says so.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { DeliveryError } from '../../src/core/messenger.js';
import { sendBounds } from '../../src/core/send-bounds.js';
import { FormCodec } from '../../src/channels/slack/form.codec.js';
import { SingleWorkspaceAuthorizer } from '../../src/channels/slack/slack.authorizer.js';
import { proactiveClientOptions, SlackMessenger } from '../../src/channels/slack/slack.messenger.js';
import { Dispatcher } from '../../src/scheduler/index.js';
import type { Person } from '../../src/coaching/model.js';
import { createHarness, type Harness } from '../support/scripted-client.js';
import { FakeResumer, seedPerson } from '../support/scheduler-fakes.js';
import { outboxKeysOf } from '../chaos/people.js';
import { BOT_TOKEN, SlackStandIn, TEAM } from '../chaos/slack-standin.js';

const LEASE_MS = 3_000;
/** Waits that only end early: generous, for a loaded machine. */
const POLL = { timeout: 20_000, interval: 50 };
let h: Harness;
let app: App;
const standIn = new SlackStandIn();

function slackMessenger(instance: string): SlackMessenger {
  const client = new webApi.WebClient(undefined, {
    slackApiUrl: standIn.url(instance),
    ...proactiveClientOptions(sendBounds(LEASE_MS).timeoutMs),
  });
  return new SlackMessenger({
    client,
    auth: new SingleWorkspaceAuthorizer(client, BOT_TOKEN),
    codec: new FormCodec({ put: async () => undefined, get: async () => null }),
    logger: silentLogger,
    perChannelGapMs: 0,
  });
}

function dispatcher(instance: string, deliverables = new FakeResumer()): Dispatcher {
  return new Dispatcher({
    store: app.store.outbox,
    quota: app.store.sendQuota,
    recipients: app.store.people,
    deliverables,
    messengers: [slackMessenger(instance)],
    clock: systemClock,
    logger: silentLogger,
    instanceId: instance,
    settings: { leaseMs: LEASE_MS, maxMessagesPerDay: 20, backoffBaseMs: 300 },
  });
}

/** A Slack person for whom it is midday now (an urgent item goes out at once, whatever the real hour). */
async function slackPerson(userId: string): Promise<Person> {
  const offset = 12 - new Date().getUTCHours(); // Etc/GMT signs are inverted: Etc/GMT-2 is UTC+2
  const zone = offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  const person = await seedPerson(app, { userId, channel: 'slack', timeZone: zone });
  return person;
}

async function planNow(person: Person, key: string): Promise<void> {
  const dueAt = new Date(Date.now() - 1_000);
  await app.store.outbox.plan({ key, kind: 'digest', recipientId: person.id, dueAt, payload: {}, urgent: true });
}

const postsOf = (key: string) => standIn.posts.filter((p) => outboxKeysOf(p).includes(key));

/** Ticks `d` every 100 ms for `ms` (or, with `untilSettled`, until nothing is pending, at most 20 s), adding up. */
async function keepTicking(
  d: Dispatcher,
  ms: number,
  untilSettled = false,
): Promise<{ claimed: number; messages: number; recovered: number }> {
  const total = { claimed: 0, messages: 0, recovered: 0 };
  const end = Date.now() + (untilSettled ? 20_000 : ms);
  while (Date.now() < end) {
    if (untilSettled && (await app.store.outbox.countPending()) === 0) break;
    const result = await d.tick();
    total.claimed += result.claimed;
    total.messages += result.messages;
    total.recovered += result.recovered;
    await sleep(100);
  }
  return total;
}

beforeAll(async () => {
  await standIn.start();
  h = await createHarness({ label: 'sched_fencing' });
  app = h.app;
});
afterAll(async () => {
  await h.close();
  await standIn.stop();
});
beforeEach(async () => {
  standIn.onPost = () => undefined;
  standIn.onArrival = () => undefined;
  await h.models.outbox.deleteMany({});
  await h.models.delivery.deleteMany({});
});

describe('a send that outlives its lease', { timeout: 60_000 }, () => {
  it('slow to reach Slack (longer than the lease) while another dispatcher ticks: posted once, logged once', async () => {
    const cy = await slackPerson('U0FENCE0');
    await planNow(cy, 'fence/0');
    // The first dispatcher's posts take three leases to arrive: without a call timeout within the lease, the second
    // would find nothing in the DM, post, and then the first post would arrive as well.
    let slowPosts = 0;
    standIn.onArrival = (instance, method) =>
      instance === 'a' && method === 'chat.postMessage' && slowPosts++ === 0 ? sleep(3 * LEASE_MS) : undefined;

    const first = dispatcher('a').tick();
    await expect.poll(() => slowPosts, POLL).toBe(1);
    const second = dispatcher('b');
    const during = await keepTicking(second, 3 * LEASE_MS + 500);
    const a = await first;
    const after = await keepTicking(second, 0, true);

    expect(postsOf('fence/0')).toHaveLength(1);
    expect(a.retried).toBe(1);
    expect(a.messages + during.messages + after.messages).toBe(1);
    const log = await h.models.delivery.find({ _id: { $regex: '^fence/0' } }).lean();
    expect(log.map((d) => [d._id, d.outcome, d.messageId])).toEqual([['fence/0', 'sent', postsOf('fence/0')[0]?.ts]]);
    expect(await app.store.outbox.pending()).toEqual([]);
  });

  it('held at Slack longer than the lease while another dispatcher ticks: posted once, found, logged once', async () => {
    const ann = await slackPerson('U0FENCE1');
    await planNow(ann, 'fence/1');
    // Slack takes the post at once (it is in the DM) but answers only after three leases.
    let release: () => void = () => undefined;
    standIn.onPost = (post) =>
      post.instance === 'a' ? new Promise<void>((resolve) => (release = resolve)) : undefined;

    const first = dispatcher('a').tick();
    await expect.poll(() => postsOf('fence/1').length, POLL).toBe(1);
    const second = dispatcher('b');
    const during = await keepTicking(second, 3 * LEASE_MS);
    release();
    const a = await first;
    const after = await keepTicking(second, 0, true);

    expect(postsOf('fence/1').map((p) => p.instance)).toEqual(['a']);
    // No dispatcher counts a message it knew it sent: the one post is the held one, whose answer never came.
    expect(a.messages + during.messages + after.messages).toBe(0);
    // The first dispatcher gave up on Slack's answer within the lease (its call timeout) and gave the item back;
    // whoever claimed it next looked in the DM before sending, found the message and recorded it.
    expect(a.retried).toBe(1);
    expect(a.recovered + during.recovered + after.recovered).toBe(1);
    expect(a.duplicates).toBe(0);
    const log = await h.models.delivery.find({ _id: { $regex: '^fence/1' } }).lean();
    expect(log.map((d) => [d._id, d.outcome, d.reason, d.messageId])).toEqual([
      ['fence/1', 'sent', 'found_after_interrupted_send', postsOf('fence/1')[0]?.ts],
    ]);
    expect(await app.store.outbox.pending()).toEqual([]);
  });

  it('rendered for longer than the lease while another dispatcher ticks: the lease is renewed, sent once', async () => {
    const bo = await slackPerson('U0FENCE2');
    await planNow(bo, 'fence/2');
    const slow = new FakeResumer();
    let rendered: () => void = () => undefined;
    slow.gate = new Promise<void>((resolve) => (rendered = resolve));

    const first = dispatcher('a', slow).tick();
    await expect.poll(() => slow.calls.length, POLL).toBe(1);
    const during = await keepTicking(dispatcher('b'), 3 * LEASE_MS);
    rendered();
    const a = await first;

    expect(during).toEqual({ claimed: 0, messages: 0, recovered: 0 });
    expect(a).toMatchObject({ claimed: 1, sent: 1, messages: 1 });
    expect(postsOf('fence/2').map((p) => p.instance)).toEqual(['a']);
    expect(await app.store.outbox.delivery('fence/2')).toMatchObject({ outcome: 'sent', instance: 'a' });
  });
});

describe('a chunk of more people than one slice of attempts', { timeout: 60_000 }, () => {
  it('confirms every send: all go out in one tick, none taken for lost', async () => {
    const people = await Promise.all(Array.from({ length: 40 }, (_, i) => slackPerson(`U0SLICE${i}`)));
    for (const [i, person] of people.entries()) await planNow(person, `slice/${i}`);
    const d = dispatcher('a');
    const result = await d.tick();
    expect(result.lost).toBe(0);
    // On a loaded machine a post can time out: it is retried, or found in the DM (`recovered`), a moment later.
    await keepTicking(d, 0, true);
    expect(await app.store.outbox.pending()).toEqual([]);
    expect(await h.models.delivery.countDocuments({ _id: /^slice\//, outcome: 'sent' })).toBe(40);
    expect(await h.models.delivery.countDocuments({ outcome: 'duplicate' })).toBe(0);
    for (let i = 0; i < 40; i++) expect(postsOf(`slice/${i}`)).toHaveLength(1);
  });
});

describe('the Slack messenger right before posting', () => {
  it('does not post once the moment its claim allows has passed', async () => {
    const messenger = slackMessenger('c');
    const target = { channel: 'slack' as const, tenantId: TEAM, userId: 'U0FENCE3' };
    const refused = await messenger
      .send(target, [{ text: 'late' }], { keys: ['fence/3'], notAfter: Date.now() - 1 })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(DeliveryError);
    expect((refused as DeliveryError).failure).toEqual({ kind: 'transient', reason: 'claim_expiring' });
    expect(postsOf('fence/3')).toEqual([]);
    await messenger.send(target, [{ text: 'in time' }], { keys: ['fence/3'], notAfter: Date.now() + 5_000 });
    expect(postsOf('fence/3')).toHaveLength(1);
  });
});
