/**
 * Proactive Teams messages through the stored conversation reference, every error class the Bot Connector can
 * answer with, and the coach directory. The connector is nock'd per test on its own host.
 */
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError, type MessengerTarget } from '../../src/core/messenger.js';
import type { Reply } from '../../src/core/reply.js';
import {
  activities,
  BOT,
  fakeConnector,
  shownText,
  startTeamsServer,
  teamsUser,
  type TeamsServer,
} from '../support/teams.server.js';

const HOST = 'https://smba.test';
const SERVICE = `${HOST}/amer/`;
const CREATE_HOST = 'https://smba-create.test';
const ann = teamsUser('ann');

const invitation: Reply = {
  text: 'Your conversation with your coach is on Thursday. Shall we prepare?',
  blocks: [{ kind: 'buttons', buttons: [{ action: 'cmd', label: 'Prepare', value: 'prepare', style: 'primary' }] }],
};

/** A target whose stored reference points at a host of its own. */
function targetOn(host: string, key: string): MessengerTarget {
  const u = teamsUser(key);
  return {
    channel: 'teams',
    tenantId: u.tenant,
    userId: u.aad,
    address: {
      conversationReference: {
        serviceUrl: `${host}/emea/`,
        channelId: 'msteams',
        conversation: { id: u.conversation, tenantId: u.tenant, conversationType: 'personal' },
        user: { id: u.id },
        bot: BOT,
      },
    },
  };
}

async function failure(promise: Promise<unknown>): Promise<DeliveryError['failure']> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return (error as DeliveryError).failure;
}

describe('Teams: proactive messages and delivery errors', () => {
  let server: TeamsServer;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1/);
    server = await startTeamsServer({ BOT_CONNECTOR_URL: `${CREATE_HOST}/teams/` });
  });
  afterAll(async () => {
    await server.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });
  beforeEach(() => {
    nock.cleanAll();
  });

  it('sends through the conversation reference stored at install', async () => {
    const connector = fakeConnector(HOST, [ann]);
    await server.post(activities.installed(ann, SERVICE));
    const person = await server.app.store.people.findByIdentity({
      channel: 'teams',
      tenantId: ann.tenant,
      userId: ann.aad,
    });
    const identity = person?.identities.find((i) => i.channel === 'teams');
    expect(identity?.address).toBeDefined();
    connector.clear();

    const sent = await server.handle.messenger.send(
      {
        channel: 'teams',
        tenantId: ann.tenant,
        userId: ann.aad,
        ...(identity?.address ? { address: identity.address } : {}),
      },
      [invitation, { text: 'See you then.' }],
    );

    const posted = connector.posted();
    expect(posted).toHaveLength(2);
    expect(posted[0]?.path).toMatch(new RegExp(`^/amer/v3/conversations/${ann.conversation}/activities`));
    expect(shownText(posted[0]?.body ?? {})).toMatch(/Shall we prepare\?/);
    expect(posted[1]?.body).toMatchObject({ type: 'message', text: 'See you then.' });
    expect(sent.messageId).toBe(posted[0]?.answeredId);
    expect(sent.address).toBeUndefined();
  });

  it('does not post once the moment the scheduler’s claim allows has passed; before it, posts', async () => {
    const host = 'https://smba-fence.test';
    const posts = nock(host)
      .post(/activities/)
      .reply(200, { id: 'act-fence-1' });
    const target = targetOn(host, 'fence');
    const late = await failure(server.handle.messenger.send(target, [invitation], { notAfter: Date.now() - 1 }));
    expect(late).toEqual({ kind: 'transient', reason: 'claim_expiring' });
    expect(posts.isDone()).toBe(false);
    const sent = await server.handle.messenger.send(target, [invitation], { notAfter: Date.now() + 10_000 });
    expect(sent.messageId).toBe('act-fence-1');
    expect(posts.isDone()).toBe(true);
  });

  it('403 (not installed, blocked, disabled) is permanent', async () => {
    nock('https://smba-403.test')
      .post(/activities/)
      .reply(403, { error: { code: 'BotDisabledByAdmin', message: 'The bot is disabled' } });
    const f = await failure(server.handle.messenger.send(targetOn('https://smba-403.test', 'erik'), [invitation]));
    expect(f).toMatchObject({ kind: 'permanent' });
    expect(f.reason).toMatch(/403/);
  });

  it('413 (message too large) is permanent for the message only, not for the person', async () => {
    nock('https://smba-413.test')
      .post(/activities/)
      .reply(413, { error: { code: 'MessageSizeTooBig', message: 'Message too big' } });
    const f = await failure(server.handle.messenger.send(targetOn('https://smba-413.test', 'erik'), [invitation]));
    expect(f).toMatchObject({ kind: 'permanent', scope: 'message' });
    expect(f.reason).toMatch(/413/);
  });

  it('404 (conversation gone) recreates the personal conversation once and returns the new address', async () => {
    const host = 'https://smba-404.test';
    nock(host)
      .post(/activities/)
      .reply(404, { error: { code: 'ConversationNotFound' } });
    const connector = fakeConnector(host);
    const sent = await server.handle.messenger.send(targetOn(host, 'fleur'), [invitation]);

    const created = connector.created();
    expect(created).toHaveLength(1);
    expect(created[0]?.body).toMatchObject({
      isGroup: false,
      members: [{ id: '29:fleur-id' }],
      tenantId: 'tenant-1',
      bot: { id: BOT.id },
      channelData: { tenant: { id: 'tenant-1' } },
    });
    const posted = connector.posted();
    expect(posted).toHaveLength(1);
    expect(posted[0]?.path).toMatch(/^\/emea\/v3\/conversations\/a:new-conv-1\/activities/);
    expect(sent.messageId).toBe(posted[0]?.answeredId);
    expect(sent.address).toMatchObject({
      conversationReference: {
        serviceUrl: `${host}/emea/`,
        conversation: { id: 'a:new-conv-1', tenantId: 'tenant-1' },
        user: { id: '29:fleur-id' },
      },
    });
  });

  it('404 and then 403 when recreating is permanent', async () => {
    const host = 'https://smba-404-403.test';
    nock(host)
      .post(/activities/)
      .reply(404, {})
      .post(/\/v3\/conversations$/)
      .reply(403, { error: { code: 'Forbidden' } });
    const f = await failure(server.handle.messenger.send(targetOn(host, 'gijs'), [invitation]));
    expect(f.kind).toBe('permanent');
  });

  it('429 is transient and honours Retry-After, without the SDK retrying on its own', async () => {
    const host = 'https://smba-429.test';
    nock(host)
      .post(/activities/)
      .times(1)
      .reply(429, { error: { code: 'Throttled' } }, { 'Retry-After': '7' });
    const connector = fakeConnector(host); // would answer a retry with 200 and make the send succeed
    const f = await failure(server.handle.messenger.send(targetOn(host, 'hans'), [invitation]));
    expect(f).toEqual({ kind: 'transient', reason: expect.stringMatching(/429/), retryAfterMs: 7000 });
    expect(connector.calls).toEqual([]);
  });

  it('Retry-After as an HTTP date is measured from the clock', async () => {
    const host = 'https://smba-429-date.test';
    const at = new Date(server.clock.now().getTime() + 90_000).toUTCString();
    nock(host)
      .post(/activities/)
      .reply(429, {}, { 'Retry-After': at });
    const f = await failure(server.handle.messenger.send(targetOn(host, 'ines'), [invitation]));
    expect(f).toMatchObject({ kind: 'transient', retryAfterMs: 90_000 });
  });

  it.each([412, 500, 502, 503])('%i is transient', async (status) => {
    const host = `https://smba-${status}.test`;
    nock(host)
      .post(/activities/)
      .times(1)
      .reply(status, { error: { code: 'ServiceError' } });
    const connector = fakeConnector(host);
    const f = await failure(server.handle.messenger.send(targetOn(host, 'joop'), [invitation]));
    expect(f.kind).toBe('transient');
    expect(f.reason).toMatch(String(status));
    expect(connector.calls).toEqual([]);
  });

  it('a network error is transient', async () => {
    nock('https://smba-down.test')
      .post(/activities/)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })); // nock 15 hangs on a plain object;
    const f = await failure(server.handle.messenger.send(targetOn('https://smba-down.test', 'kees'), [invitation]));
    expect(f.kind).toBe('transient');
  });

  it('without a stored reference, opens a personal chat on BOT_CONNECTOR_URL (only works when the app is installed)', async () => {
    const connector = fakeConnector(CREATE_HOST);
    const sent = await server.handle.messenger.send({ channel: 'teams', tenantId: 'tenant-1', userId: 'aad-lies' }, [
      invitation,
    ]);
    expect(connector.created()[0]?.body).toMatchObject({ members: [{ id: 'aad-lies' }], tenantId: 'tenant-1' });
    expect(connector.created()[0]?.path).toBe('/teams/v3/conversations');
    expect(connector.posted()).toHaveLength(1);
    expect(sent.address).toMatchObject({
      conversationReference: { serviceUrl: `${CREATE_HOST}/teams/`, conversation: { id: 'a:new-conv-1' } },
    });

    nock.cleanAll();
    nock(CREATE_HOST)
      .post(/\/v3\/conversations$/)
      .reply(403, { error: { code: 'Forbidden' } });
    const f = await failure(
      server.handle.messenger.send({ channel: 'teams', tenantId: 'tenant-1', userId: 'aad-not-installed' }, [
        invitation,
      ]),
    );
    expect(f.kind).toBe('permanent');
  });
});

describe('Teams: choosing a coach by e-mail', () => {
  let server: TeamsServer;
  const coach = teamsUser('marit');
  const employee = teamsUser('niels');

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1/);
    server = await startTeamsServer();
    fakeConnector(HOST, [coach, employee]);
    await server.post(activities.installed(coach, SERVICE));
    await server.post(activities.message(employee, SERVICE, 'help'));
  });
  afterAll(async () => {
    await server.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const from = { channel: 'teams' as const, tenantId: employee.tenant, userId: employee.aad };

  it('finds a colleague who has the app, by e-mail in any wrapping', async () => {
    const directory = server.handle.directory;
    expect(await directory?.resolve(from, 'marit@example.com')).toEqual({
      identity: { channel: 'teams', tenantId: coach.tenant, userId: coach.aad },
      profile: { displayName: coach.name, email: coach.email },
    });
    expect((await directory?.resolve(from, 'my coach is Marit <MARIT@example.com>'))?.identity.userId).toBe(coach.aad);
  });

  it('says null for someone unknown, in another tenant, or not reachable on Teams', async () => {
    const directory = server.handle.directory;
    expect(await directory?.resolve(from, 'nobody@example.com')).toBeNull();
    expect(await directory?.resolve(from, 'not an address')).toBeNull();
    expect(await directory?.resolve({ ...from, tenantId: 'other-tenant' }, 'marit@example.com')).toBeNull();
    await server.app.store.people.upsertByIdentity(
      { channel: 'web', tenantId: 'local', userId: 'olga' },
      { displayName: 'Olga', email: 'olga@example.com' },
      {
        locale: 'en',
        timeZone: 'Europe/Amsterdam',
        workingHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
      },
    );
    expect(await directory?.resolve(from, 'olga@example.com')).toBeNull();
  });
});
