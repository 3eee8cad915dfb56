/**
 * Inbound Teams traffic through the real HTTP edge: activities POSTed to /api/messages (development mode, no
 * authentication), and the Bot Connector calls that nock receives in return.
 */
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  activities,
  cardActions,
  fakeConnector,
  shownText,
  startTeamsServer,
  teamsUser,
  type TeamsServer,
} from '../support/teams.server.js';

const HOST = 'https://smba.test';
const SERVICE = `${HOST}/amer/`;
const ann = teamsUser('ann');
const bram = teamsUser('bram');

describe('Teams: inbound activities on /api/messages', () => {
  let server: TeamsServer;
  let connector: ReturnType<typeof fakeConnector>;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1/);
    server = await startTeamsServer();
  });
  afterAll(async () => {
    await server.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });
  beforeEach(() => {
    nock.cleanAll();
    connector = fakeConnector(HOST, [ann, bram]);
  });

  it('answers a personal message through the engine and replies in the conversation', async () => {
    const dm = activities.message(ann, SERVICE, 'help');
    const res = await server.post(dm);
    expect(res.status).toBe(200);

    const posted = connector.posted();
    expect(posted).toHaveLength(1);
    expect(posted[0]?.path).toBe(`/amer/v3/conversations/${ann.conversation}/activities/${String(dm.id)}`);
    const body = posted[0]?.body ?? {};
    expect(shownText(body)).toMatch(/Here is what I can do for you/);
    expect(body.summary).toBe('Here is what I can do for you');
    const attachment = (
      body.attachments as { contentType: string; content: { version: string; fallbackText: string } }[]
    )[0];
    expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment?.content.version).toBe('1.5');
    expect(attachment?.content.fallbackText).toMatch(/prepare/);

    // The person is Ann as Teams described her: AAD id + tenant, name, roster e-mail, locale and time zone.
    const person = await server.app.store.people.findByIdentity({
      channel: 'teams',
      tenantId: ann.tenant,
      userId: ann.aad,
    });
    expect(person).toMatchObject({
      displayName: ann.name,
      email: ann.email,
      locale: 'en',
      timeZone: 'Europe/Amsterdam',
    });
    const identity = person?.identities.find((i) => i.channel === 'teams');
    expect(identity?.address).toMatchObject({
      conversationReference: {
        serviceUrl: SERVICE,
        conversation: { id: ann.conversation, tenantId: ann.tenant },
        user: { id: ann.id },
      },
    });
    expect(identity?.address).not.toHaveProperty('conversationReference.activityId');
  });

  it('processes a redelivered activity once', async () => {
    const dm = activities.message(bram, SERVICE, 'help');
    await server.post(dm);
    await server.post(dm);
    expect(connector.posted()).toHaveLength(1);
  });

  it('replaces a pressed card by its answered version and sends the answer as a new message', async () => {
    await server.post(activities.message(ann, SERVICE, 'help'));
    const prepare = cardActions(connector.posted()[0]?.body ?? {}).find((a) => a.title === 'Prepare');
    expect(prepare?.data).toMatchObject({ action: 'cmd', value: 'prepare', label: 'Prepare' });
    connector.clear();

    const press = activities.submit(ann, SERVICE, prepare?.data ?? {}, 'card-msg-1');
    expect((await server.post(press)).status).toBe(200);

    const updates = connector.updates();
    expect(updates).toHaveLength(1);
    expect(updates[0]?.path).toBe(`/amer/v3/conversations/${ann.conversation}/activities/card-msg-1`);
    const answered = updates[0]?.body ?? {};
    expect(shownText(answered)).toMatch(/✓ Prepare/);
    expect(cardActions(answered)).toEqual([]); // nothing left to press twice
    expect(connector.posted().length).toBeGreaterThanOrEqual(1); // the engine's answer, whatever the flow says
  });

  it('answers an Action.Execute invoke with the updated card in the invoke response', async () => {
    const res = await server.post(
      activities.execute(
        ann,
        SERVICE,
        { action: 'cmd', value: 'agreements', title: 'Here is what I can do for you', label: 'Agreements' },
        'card-msg-2',
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: { type: 'AdaptiveCard', version: '1.5' },
    });
    expect(JSON.stringify(res.body)).toMatch(/✓ Agreements/);
    expect(connector.updates()).toEqual([]);
  });

  it('stores the conversation and greets once when the app is installed (installationUpdate + conversationUpdate)', async () => {
    const cas = teamsUser('cas');
    const fresh = fakeConnector(HOST, [cas]);
    expect((await server.post(activities.installed(cas, SERVICE))).status).toBe(200);
    expect((await server.post(activities.botAdded(cas, SERVICE))).status).toBe(200);
    expect((await server.post(activities.installed(cas, SERVICE))).status).toBe(200);

    const greetings = [...connector.posted(), ...fresh.posted()].filter((c) => c.path.includes(cas.conversation));
    expect(greetings).toHaveLength(1);
    expect(shownText(greetings[0]?.body ?? {})).toMatch(/Here is what I can do for you/);
    const person = await server.app.store.people.findByIdentity({
      channel: 'teams',
      tenantId: cas.tenant,
      userId: cas.aad,
    });
    expect(person?.identities[0]?.address).toMatchObject({
      conversationReference: { conversation: { id: cas.conversation } },
    });
  });

  it('greets once even when both install events arrive at the same time', async () => {
    const dina = teamsUser('dina');
    await Promise.all([
      server.post(activities.installed(dina, SERVICE)),
      server.post(activities.botAdded(dina, SERVICE)),
    ]);
    expect(connector.posted().filter((c) => c.path.includes(dina.conversation))).toHaveLength(1);
  });

  it('asks the roster for an e-mail once, not on every message, when it has none (guests, dev tools)', async () => {
    const guest = teamsUser('guest'); // not in the fake roster: 404
    await server.post(activities.message(guest, SERVICE, 'help'));
    await server.post(activities.message(guest, SERVICE, 'hulp'));
    expect(connector.calls.filter((c) => c.method === 'GET' && c.path.endsWith(`/members/${guest.id}`))).toHaveLength(
      1,
    );
    expect(connector.posted().filter((c) => c.path.includes(guest.conversation))).toHaveLength(2);
    const person = await server.app.store.people.findByIdentity({
      channel: 'teams',
      tenantId: guest.tenant,
      userId: guest.aad,
    });
    expect(person?.email).toBeUndefined();
  });

  it('refuses a body that is not an activity, and ignores group chats', async () => {
    expect((await server.post({ hello: 'world' })).status).toBe(400);
    const group = activities.message(ann, SERVICE, 'help', {
      conversation: { id: '19:group', conversationType: 'groupChat', tenantId: ann.tenant },
    });
    expect((await server.post(group)).status).toBe(200);
    expect(connector.calls).toEqual([]);
  });
});
