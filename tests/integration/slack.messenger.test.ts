/**
 * Proactive messages on Slack: the messenger against a nock'd Web API, and the real dispatcher delivering an outbox
 * item through it (a fake Resumer says what to send: the dispatcher's port for rendering).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { DeliveryError } from '../../src/core/messenger.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Reply } from '../../src/core/reply.js';
import { FormCodec } from '../../src/channels/slack/form.codec.js';
import type { FormStore } from '../../src/channels/slack/ports.js';
import { SingleWorkspaceAuthorizer } from '../../src/channels/slack/slack.authorizer.js';
import { proactiveClientOptions, SlackMessenger } from '../../src/channels/slack/slack.messenger.js';
import { createDispatcher } from '../../src/scheduling.js';
import { BOT_TOKEN, SLACK_HOST, startSlackServer, TEAM, type SlackServer } from '../support/slack.server.js';

const nudge: Reply = {
  text: 'Time to prepare your session',
  blocks: [
    { kind: 'buttons', buttons: [{ action: 'prep.start', label: 'Prepare now', value: 's-1', style: 'primary' }] },
  ],
};
const target = (userId: string, address?: Record<string, unknown>) => ({
  channel: 'slack' as const,
  tenantId: TEAM,
  userId,
  ...(address ? { address } : {}),
});

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('SlackMessenger', () => {
  let s: SlackServer;
  beforeAll(async () => {
    s = await startSlackServer();
  });
  afterAll(() => s.close());

  it('opens the DM once, posts, and returns the ts and the DM channel to store', async () => {
    const sent = await s.handle.messenger.send(target('U0NEW'), [nudge]);
    expect(sent).toEqual({ messageId: expect.stringMatching(/^\d+\.\d+$/), address: { channelId: 'D-U0NEW' } });
    const [open] = s.api.callsTo('conversations.open');
    expect(open).toMatchObject({ token: BOT_TOKEN, args: { users: 'U0NEW' } });
    const post = s.api.callsTo('chat.postMessage').at(-1);
    expect(post?.args).toMatchObject({ channel: 'D-U0NEW', text: 'Time to prepare your session' });
    // With the stored address, no second conversations.open.
    await s.handle.messenger.send(target('U0NEW', { channelId: 'D-U0NEW' }), [{ text: 'again' }]);
    expect(s.api.callsTo('conversations.open')).toHaveLength(1);
  });

  it('puts the outbox keys in the message metadata, and finds such a message in the DM history later', async () => {
    const since = new Date();
    const sent = await s.handle.messenger.send(target('U0META', { channelId: 'D-U0META' }), [nudge], {
      keys: ['session/s-1/prep/invite', 'agreement/a-1/due'],
    });
    const post = s.api.callsTo('chat.postMessage').at(-1);
    const metadata = post?.args.metadata;
    expect(typeof metadata === 'string' ? JSON.parse(metadata) : metadata).toEqual({
      event_type: 'coach_outbox',
      event_payload: { keys: 'session/s-1/prep/invite agreement/a-1/due' },
    });
    s.api.once('conversations.history', 200, {
      ok: true,
      messages: [
        { type: 'message', ts: '9.1', text: 'other' },
        {
          type: 'message',
          ts: sent.messageId,
          text: 'x',
          metadata: {
            event_type: 'coach_outbox',
            event_payload: { keys: 'session/s-1/prep/invite agreement/a-1/due' },
          },
        },
      ],
    });
    const found = await s.handle.messenger.findSent(
      target('U0META', { channelId: 'D-U0META' }),
      'agreement/a-1/due',
      since,
    );
    expect(found).toEqual({ messageId: sent.messageId });
    const history = s.api.callsTo('conversations.history').at(-1);
    expect(history?.args).toMatchObject({ channel: 'D-U0META', include_all_metadata: 'true' });
    expect(Number(history?.args.oldest)).toBeLessThanOrEqual(since.getTime() / 1000);
    s.api.once('conversations.history', 200, { ok: true, messages: [] });
    expect(
      await s.handle.messenger.findSent(target('U0META', { channelId: 'D-U0META' }), 'agreement/a-1/due', since),
    ).toBeNull();
  });

  it('sends several replies as one message (a retried delivery cannot repeat half of it)', async () => {
    const before = s.api.callsTo('chat.postMessage').length;
    await s.handle.messenger.send(target('U0MULTI', { channelId: 'D-U0MULTI' }), [
      nudge,
      { text: 'And a digest', blocks: [{ kind: 'list', items: ['one', 'two'] }] },
    ]);
    const posts = s.api.callsTo('chat.postMessage').slice(before);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args.text).toBe('Time to prepare your session\n\nAnd a digest');
    expect((posts[0]?.args.blocks as { type: string }[]).map((b) => b.type)).toContain('divider');
  });

  it('classifies permanent errors (the person is unreachable this way)', async () => {
    for (const error of [
      'account_inactive',
      'user_not_found',
      'missing_scope',
      'not_authed',
      'invalid_auth',
      'user_disabled',
      'team_access_not_granted',
    ]) {
      s.api.once('conversations.open', 200, { ok: false, error });
      const e = await failure(s.handle.messenger.send(target(`U0GONE${error.length}`), [nudge]));
      expect(e.failure).toEqual({ kind: 'permanent', reason: error });
    }
  });

  it('classifies unknown platform errors and server errors as transient', async () => {
    s.api.once('chat.postMessage', 200, { ok: false, error: 'internal_error' });
    expect((await failure(s.handle.messenger.send(target('U0T', { channelId: 'D-U0T' }), [nudge]))).failure).toEqual({
      kind: 'transient',
      reason: 'internal_error',
    });
    s.api.once('chat.postMessage', 503, { ok: false });
    expect(
      (await failure(s.handle.messenger.send(target('U0T', { channelId: 'D-U0T' }), [nudge]))).failure,
    ).toMatchObject({ kind: 'transient', reason: 'http_503' });
  });

  it('reopens the DM once when the stored channel is gone', async () => {
    s.api.once('chat.postMessage', 200, { ok: false, error: 'channel_not_found' });
    const sent = await s.handle.messenger.send(target('U0MOVED', { channelId: 'D-STALE' }), [nudge]);
    expect(sent.address).toEqual({ channelId: 'D-U0MOVED' });
    expect(
      s.api
        .callsTo('chat.postMessage')
        .slice(-2)
        .map((c) => c.args.channel),
    ).toEqual(['D-STALE', 'D-U0MOVED']);
  });

  it("falls back to plain text when Slack refuses the blocks (our bug is not the person's problem)", async () => {
    s.api.once('chat.postMessage', 200, { ok: false, error: 'invalid_blocks' });
    const sent = await s.handle.messenger.send(target('U0B', { channelId: 'D-U0B' }), [nudge]);
    expect(sent.messageId).toMatch(/\d/);
    const last = s.api.callsTo('chat.postMessage').at(-1);
    expect(last?.args.blocks).toBeUndefined();
    expect(String(last?.args.text)).toContain('[Prepare now]');
  });
});

describe('SlackMessenger rate limits and pacing', () => {
  let s: SlackServer;
  beforeAll(async () => {
    s = await startSlackServer();
  });
  afterAll(() => s.close());

  function messenger(now: () => number, slept: number[]) {
    const client = new webApi.WebClient(undefined, { slackApiUrl: `${SLACK_HOST}/api/`, ...proactiveClientOptions() });
    const store: FormStore = { put: async () => undefined, get: async () => null };
    return new SlackMessenger({
      client,
      auth: new SingleWorkspaceAuthorizer(client, BOT_TOKEN),
      codec: new FormCodec(store),
      logger: silentLogger,
      now,
      sleep: async (ms) => void slept.push(ms),
    });
  }

  it('a 429 surfaces at once with Retry-After (no hidden retry), holds the workspace back, then succeeds', async () => {
    let now = 1_000_000;
    const m = messenger(() => now, []);
    const before = s.api.callsTo('chat.postMessage').length;
    s.api.once('chat.postMessage', 429, { ok: false, error: 'ratelimited' }, { 'retry-after': '7' });
    const e = await failure(m.send(target('U0RL', { channelId: 'D-U0RL' }), [nudge]));
    expect(e.failure).toEqual({ kind: 'transient', reason: 'rate_limited', retryAfterMs: 7_000 });
    expect(s.api.callsTo('chat.postMessage').length - before).toBe(1);
    // Within Retry-After the workspace is held back without calling Slack.
    now += 2_000;
    const held = await failure(m.send(target('U0OTHER', { channelId: 'D-U0OTHER' }), [nudge]));
    expect(held.failure).toEqual({ kind: 'transient', reason: 'rate_limited', retryAfterMs: 5_000 });
    expect(s.api.callsTo('chat.postMessage').length - before).toBe(1);
    now += 5_000;
    expect((await m.send(target('U0RL', { channelId: 'D-U0RL' }), [nudge])).messageId).toMatch(/\d/);
  });

  it('paces messages to one channel: one a second, and gives a long wait back to the scheduler', async () => {
    const now = 5_000_000;
    const slept: number[] = [];
    const m = messenger(() => now, slept);
    const to = target('U0PACE', { channelId: 'D-U0PACE' });
    await m.send(to, [nudge]);
    await m.send(to, [nudge]);
    await m.send(to, [nudge]);
    expect(slept).toEqual([1_000, 2_000]);
    // Another channel is not held up.
    await m.send(target('U0ELSE', { channelId: 'D-U0ELSE' }), [nudge]);
    expect(slept).toEqual([1_000, 2_000]);
    for (let i = 0; i < 3; i++) await m.send(to, [nudge]);
    expect(slept.slice(2)).toEqual([3_000, 4_000, 5_000]);
    const e = await failure(m.send(to, [nudge]));
    expect(e.failure).toMatchObject({ kind: 'transient', reason: 'paced' });
  });
});

describe('the dispatcher delivering through Slack', () => {
  let s: SlackServer;
  beforeAll(async () => {
    s = await startSlackServer();
  });
  afterAll(() => s.close());

  it('retries after a 429 no sooner than Retry-After, then delivers once and stores the DM address', async () => {
    const ann = await s.app.store.people.upsertByIdentity(
      { channel: 'slack', tenantId: TEAM, userId: 'U0ANN' },
      { displayName: 'Ann' },
      {
        locale: 'en',
        timeZone: 'Europe/Amsterdam',
        workingHours: { start: '09:00', end: '17:30', days: [1, 2, 3, 4, 5] },
      },
    );
    const resumer = { resume: async () => [nudge] };
    const dispatcher = createDispatcher(s.app, [s.handle.messenger], {
      instanceId: 'test',
      resumer,
      settings: { backoffBaseMs: 1_000 },
    });
    await s.app.store.outbox.plan({
      key: 'nudge:1',
      kind: 'test.nudge',
      recipientId: ann.id,
      dueAt: s.clock.now(),
      payload: {},
      urgent: true,
    });
    s.api.once('chat.postMessage', 429, { ok: false, error: 'ratelimited' }, { 'retry-after': '30' });

    const first = await dispatcher.tick();
    expect(first).toMatchObject({ retried: 1, sent: 0 });
    const item = await s.models.outbox.findById('nudge:1').lean();
    expect((item?.dueAt as Date).getTime() - s.clock.now().getTime()).toBe(30_000);

    s.clock.advance(10_000);
    expect(await dispatcher.tick()).toMatchObject({ claimed: 0, sent: 0 });

    s.clock.advance(20_000);
    expect(await dispatcher.tick()).toMatchObject({ sent: 1, messages: 1 });
    const posts = s.api.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(posts[1]?.args).toMatchObject({ channel: 'D-U0ANN', text: 'Time to prepare your session' });
    const delivered = await s.models.delivery.findById('nudge:1').lean();
    expect(delivered).toMatchObject({ outcome: 'sent', channel: 'slack' });
    expect(String(delivered?.messageId)).toMatch(/\d+\.\d+/);
    const stored = await s.app.store.people.get(ann.id);
    expect(stored?.identities[0]?.address).toEqual({ channelId: 'D-U0ANN' });
    await dispatcher.stop();
  });

  it('marks a person unreachable on a permanent error', async () => {
    const gone = await s.app.store.people.upsertByIdentity(
      { channel: 'slack', tenantId: TEAM, userId: 'U0GONE' },
      { displayName: 'Gone' },
      {
        locale: 'en',
        timeZone: 'Europe/Amsterdam',
        workingHours: { start: '09:00', end: '17:30', days: [1, 2, 3, 4, 5] },
      },
    );
    const dispatcher = createDispatcher(s.app, [s.handle.messenger], {
      instanceId: 'test2',
      resumer: { resume: async () => [nudge] },
    });
    await s.app.store.outbox.plan({
      key: 'nudge:gone',
      kind: 'test.nudge',
      recipientId: gone.id,
      dueAt: s.clock.now(),
      payload: {},
      urgent: true,
    });
    s.api.once('conversations.open', 200, { ok: false, error: 'account_inactive' });
    expect(await dispatcher.tick()).toMatchObject({ failed: 1 });
    expect((await s.app.store.people.get(gone.id))?.unreachable?.reason).toBe('account_inactive');
    await dispatcher.stop();
  });
});
