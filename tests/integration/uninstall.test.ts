/**
 * Uninstall (issue 13, point 5): Slack `app_uninstalled` and `tokens_revoked` (the bot token) stop every message to
 * that workspace at once; a person removing the Teams app stops every message to them. Their data is due for removal
 * after UNINSTALL_GRACE_DAYS, unless they came back (wrote again after a reinstall).
 */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDispatcher } from '../../src/scheduling.js';
import { UNINSTALLED } from '../../src/store/uninstalls.js';
import { dm, startSlackServer, TEAM, type SlackServer } from '../support/slack.server.js';
import { activities, fakeConnector, startTeamsServer, teamsUser, type TeamsServer } from '../support/teams.server.js';

const envelope = (event: Record<string, unknown>, team = TEAM) =>
  JSON.stringify({
    token: 'legacy',
    team_id: team,
    api_app_id: 'A0APP',
    type: 'event_callback',
    event_id: `Ev-${String(event.type)}-${team}`,
    event_time: 1_790_000_000,
    event,
  });

describe('a Slack workspace removing the app', () => {
  let s: SlackServer | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it.each([
    ['app_uninstalled', { type: 'app_uninstalled' }],
    ['tokens_revoked (bot token)', { type: 'tokens_revoked', tokens: { bot: ['U0BOT'] } }],
  ])('%s stops every message to the workspace at once', async (_name, event) => {
    s = await startSlackServer();
    const server = s;
    server.api.user({ id: 'U0SAM', name: 'Sam' }).user({ id: 'U0ROBIN', name: 'Robin' });
    await server.event(dm('U0SAM', 'help'));
    await server.event(dm('U0ROBIN', 'help'));
    await server.handle.idle();
    const sam = (await server.app.store.people.findByIdentity({ channel: 'slack', tenantId: TEAM, userId: 'U0SAM' }))!;
    const robin = (await server.app.store.people.findByIdentity({
      channel: 'slack',
      tenantId: TEAM,
      userId: 'U0ROBIN',
    }))!;
    await server.app.store.outbox.plan({
      key: 'planned/sam',
      kind: 'prep.invite',
      recipientId: sam.id,
      dueAt: new Date('2026-12-01T09:00:00Z'),
      payload: { sessionId: 'none' },
    });

    expect((await server.post(envelope(event))).status).toBe(200);
    await server.handle.idle();

    for (const p of [sam, robin])
      expect((await server.app.store.people.get(p.id))?.unreachable?.reason).toBe(UNINSTALLED);
    expect(await server.models.outbox.countDocuments({ recipientId: { $in: [sam.id, robin.id] } })).toBe(0);

    // Anything planned later is not sent either.
    const posted = server.api.callsTo('chat.postMessage').length;
    await server.app.store.outbox.plan({
      key: 'planned/robin',
      kind: 'prep.invite',
      recipientId: robin.id,
      dueAt: new Date('2026-12-01T08:00:00Z'),
      payload: { sessionId: 'none' },
    });
    const dispatcher = createDispatcher(server.app, [server.handle.messenger], { instanceId: 'uninstall' });
    const tick = await dispatcher.tick();
    await dispatcher.stop();
    expect(tick.sent).toBe(0);
    expect(server.api.callsTo('chat.postMessage')).toHaveLength(posted);
  });

  it('ignores tokens_revoked for user tokens only', async () => {
    s = await startSlackServer();
    s.api.user({ id: 'U0SAM', name: 'Sam' });
    await s.event(dm('U0SAM', 'help'));
    await s.handle.idle();
    await s.post(envelope({ type: 'tokens_revoked', tokens: { oauth: ['U0SAM'], bot: [] } }));
    await s.handle.idle();
    const sam = await s.app.store.people.findByIdentity({ channel: 'slack', tenantId: TEAM, userId: 'U0SAM' });
    expect(sam?.unreachable).toBeUndefined();
  });
});

describe('a person removing the Teams app', () => {
  let t: TeamsServer | undefined;
  afterEach(async () => {
    await t?.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it.each([
    [
      'installationUpdate remove',
      (u: ReturnType<typeof teamsUser>, url: string) => ({
        ...activities.installed(u, url),
        action: 'remove',
      }),
    ],
    [
      'conversationUpdate with the bot removed',
      (u: ReturnType<typeof teamsUser>, url: string) => ({
        ...activities.installed(u, url),
        type: 'conversationUpdate',
        action: undefined,
        membersRemoved: [{ id: '28:bot-app-id' }],
      }),
    ],
  ])('%s stops every message to them and leaves their colleagues alone', async (_name, removal) => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    const host = 'https://smba.test';
    const ann = teamsUser('ann');
    const bo = teamsUser('bo');
    fakeConnector(host, [ann, bo]);
    t = await startTeamsServer();
    const server = t;
    for (const u of [ann, bo]) expect((await server.post(activities.installed(u, `${host}/amer/`))).status).toBe(200);
    const annPerson = (await server.app.store.people.findByIdentity({
      channel: 'teams',
      tenantId: ann.tenant,
      userId: ann.aad,
    }))!;
    const boPerson = (await server.app.store.people.findByIdentity({
      channel: 'teams',
      tenantId: bo.tenant,
      userId: bo.aad,
    }))!;
    await server.app.store.outbox.plan({
      key: 'planned/ann',
      kind: 'prep.invite',
      recipientId: annPerson.id,
      dueAt: new Date('2026-12-02T09:00:00Z'),
      payload: { sessionId: 'none' },
    });

    expect((await server.post(removal(ann, `${host}/amer/`))).status).toBe(200);

    expect((await server.app.store.people.get(annPerson.id))?.unreachable?.reason).toBe(UNINSTALLED);
    expect(await server.models.outbox.countDocuments({ recipientId: annPerson.id })).toBe(0);
    expect((await server.app.store.people.get(boPerson.id))?.unreachable).toBeUndefined();
  });
});

describe('the grace period', () => {
  it('makes people due for removal after UNINSTALL_GRACE_DAYS, unless they came back', async () => {
    expect(loadConfig({}).UNINSTALL_GRACE_DAYS).toBe(30);
    const s = await startSlackServer();
    try {
      s.api.user({ id: 'U0SAM', name: 'Sam' }).user({ id: 'U0KIM', name: 'Kim' });
      await s.event(dm('U0SAM', 'help'));
      await s.event(dm('U0KIM', 'help'));
      await s.handle.idle();
      const uninstalls = s.app.store.uninstalls;
      const at = new Date('2026-12-01T08:00:00Z');
      const ids = await uninstalls.stopSpace({ channel: 'slack', tenantId: TEAM }, at);
      expect(ids).toHaveLength(2);
      const day = 86_400_000;
      expect(await uninstalls.due(new Date(at.getTime() + 29 * day), 30)).toEqual([]);
      // Kim writes again (the app was reinstalled): reachable again, and not removed.
      await s.event(dm('U0KIM', 'help'));
      await s.handle.idle();
      const sam = await s.app.store.people.findByIdentity({ channel: 'slack', tenantId: TEAM, userId: 'U0SAM' });
      expect(await uninstalls.due(new Date(at.getTime() + 30 * day), 30)).toEqual([sam?.id]);

      const erased: string[] = [];
      expect(await uninstalls.purgeDue(new Date(at.getTime() + 31 * day), 30, async (id) => erased.push(id))).toBe(1);
      expect(erased).toEqual([sam?.id]);
    } finally {
      await s.close();
    }
  });
});
