/**
 * Multi-workspace installs: the MongoDB installation store against the real server, the OAuth routes on the shared
 * HTTP server (state cookie, code exchange through a nock'd `oauth.v2.access`), events authorised by the stored
 * installation, token rotation, and uninstall.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Installation } from '@slack/bolt';
import { InstallationNotFoundError, SlackInstallationStore } from '../../src/channels/slack/installation.store.js';
import { MongoSlackInstallations } from '../../src/store/slack-installations.repo.js';
import { FixedClock } from '../../src/core/clock.js';
import { DeliveryError } from '../../src/core/messenger.js';
import { createModels, ensureIndexes, type Models } from '../../src/store/schemas.js';
import { dropDatabase, freshDatabase } from '../support/db.js';
import { dm, startSlackServer, type SlackServer } from '../support/slack.server.js';
import type { Connection } from 'mongoose';

const teamInstall = (team: string, token: string, extra: Partial<Installation> = {}): Installation => ({
  team: { id: team, name: `Team ${team}` },
  enterprise: undefined,
  user: { id: 'U0INSTALLER', token: undefined, scopes: undefined },
  bot: { id: 'B0BOT', userId: 'U0BOT', token, scopes: ['chat:write', 'im:history'] },
  tokenType: 'bot',
  isEnterpriseInstall: false,
  appId: 'A0APP',
  authVersion: 'v2',
  ...extra,
});

describe('the Slack installation store on MongoDB', () => {
  let connection: Connection;
  let models: Models;
  let store: SlackInstallationStore;
  beforeAll(async () => {
    connection = await freshDatabase('slack_install_store');
    models = createModels(connection);
    await ensureIndexes(models);
    const clock = new FixedClock('2026-12-01T08:00:00Z');
    store = new SlackInstallationStore(new MongoSlackInstallations(models, () => clock.now()));
  });
  afterAll(() => dropDatabase(connection));

  it('stores, fetches, replaces and deletes a workspace installation', async () => {
    await store.storeInstallation(teamInstall('T0A', 'xoxb-first'));
    const fetched = await store.fetchInstallation({
      teamId: 'T0A',
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(fetched).toEqual(JSON.parse(JSON.stringify(teamInstall('T0A', 'xoxb-first'))));
    await store.storeInstallation(
      teamInstall('T0A', 'xoxb-second', {
        bot: {
          id: 'B0BOT',
          userId: 'U0BOT',
          token: 'xoxb-second',
          scopes: ['chat:write'],
          refreshToken: 'xoxe-1',
          expiresAt: 1_900_000_000,
        },
      }),
    );
    expect(
      (await store.fetchInstallation({ teamId: 'T0A', enterpriseId: undefined, isEnterpriseInstall: false })).bot,
    ).toMatchObject({ token: 'xoxb-second', refreshToken: 'xoxe-1', expiresAt: 1_900_000_000 });
    expect(await models.installation.countDocuments({})).toBe(1);
    expect(await models.installation.findById('T:T0A').lean()).toMatchObject({
      updatedAt: new Date('2026-12-01T08:00:00Z'),
    });
    await store.deleteInstallation({ teamId: 'T0A', enterpriseId: undefined, isEnterpriseInstall: false });
    await expect(
      store.fetchInstallation({ teamId: 'T0A', enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toBeInstanceOf(InstallationNotFoundError);
  });

  it('keeps an org-wide install under the enterprise, and finds it for any of its workspaces', async () => {
    const org: Installation = {
      ...teamInstall('unused', 'xoxb-org'),
      team: undefined,
      enterprise: { id: 'E0ORG', name: 'Org' },
      isEnterpriseInstall: true,
    };
    await store.storeInstallation(org);
    expect(
      (await store.fetchInstallation({ teamId: undefined, enterpriseId: 'E0ORG', isEnterpriseInstall: true })).bot
        ?.token,
    ).toBe('xoxb-org');
    expect(
      (await store.fetchInstallation({ teamId: 'T0INORG', enterpriseId: 'E0ORG', isEnterpriseInstall: false })).bot
        ?.token,
    ).toBe('xoxb-org');
    await expect(
      store.fetchInstallation({ teamId: 'T0ELSE', enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toBeInstanceOf(InstallationNotFoundError);
  });

  it('refuses to hand out a malformed stored installation', async () => {
    await models.installation.create({ _id: 'T:T0BAD', data: { bot: { token: 42 } }, updatedAt: new Date() });
    await expect(
      store.fetchInstallation({ teamId: 'T0BAD', enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toThrow(/malformed/);
  });
});

describe('OAuth install over HTTP, then events and messages with the stored token', () => {
  let s: SlackServer;
  beforeAll(async () => {
    s = await startSlackServer({
      SLACK_BOT_TOKEN: '',
      SLACK_CLIENT_ID: '111.222',
      SLACK_CLIENT_SECRET: 'client-secret-xyz',
      SLACK_STATE_SECRET: 'state-secret-xyz',
    });
    s.api.user({ id: 'U0NEW', name: 'Noor', locale: 'nl-NL' });
  });
  afterAll(() => s.close());

  it('mounts the install routes on the shared server', () => {
    expect(s.handle.mode).toBe('http at /slack/events, install at /slack/install');
  });

  it('installs a workspace: install page with state cookie, callback exchanges the code and stores the installation', async () => {
    const page = await fetch(`${s.baseUrl}/slack/install`, { redirect: 'manual' });
    expect(page.status).toBe(200);
    const html = await page.text();
    const url = new URL((/<a href="([^"]+)"/.exec(html)?.[1] ?? '').replace(/&amp;/g, '&'));
    expect(url.origin + url.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(url.searchParams.get('client_id')).toBe('111.222');
    expect(url.searchParams.get('scope')?.split(',')).toEqual(
      expect.arrayContaining(['chat:write', 'im:history', 'users:read', 'commands']),
    );
    const state = url.searchParams.get('state') ?? '';
    const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(cookie).toContain(state);

    // A callback without the browser's state cookie is refused and stores nothing.
    const forged = await fetch(`${s.baseUrl}/slack/oauth_redirect?code=c0de&state=${encodeURIComponent(state)}`);
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(await s.models.installation.countDocuments({})).toBe(0);

    s.api.once('oauth.v2.access', 200, {
      ok: true,
      app_id: 'A0APP',
      authed_user: { id: 'U0ADMIN' },
      scope: 'chat:write,im:history,im:read,im:write,users:read,users:read.email,commands',
      token_type: 'bot',
      access_token: 'xoxb-installed-1',
      refresh_token: 'xoxe-refresh-1',
      expires_in: 43_200,
      bot_user_id: 'U0BOTNEW',
      team: { id: 'T0NEW', name: 'New team' },
      enterprise: null,
      is_enterprise_install: false,
    });
    s.api.once('auth.test', 200, { ok: true, user_id: 'U0BOTNEW', bot_id: 'B0NEW', team_id: 'T0NEW' });
    const done = await fetch(`${s.baseUrl}/slack/oauth_redirect?code=c0de&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
    });
    expect(done.status).toBe(200);
    const exchange = s.api.callsTo('oauth.v2.access').at(-1);
    expect(exchange?.args).toMatchObject({ code: 'c0de', client_id: '111.222', client_secret: 'client-secret-xyz' });
    const stored = await s.models.installation.findById('T:T0NEW').lean();
    expect(stored?.data).toMatchObject({
      team: { id: 'T0NEW' },
      bot: { token: 'xoxb-installed-1', refreshToken: 'xoxe-refresh-1', userId: 'U0BOTNEW', id: 'B0NEW' },
    });
  });

  it('answers an event from the installed workspace with its own token', async () => {
    const before = s.api.callsTo('chat.postMessage').length;
    await s.post(
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T0NEW',
        event_id: 'EvNEW1',
        authorizations: [{ team_id: 'T0NEW', user_id: 'U0BOTNEW', is_bot: true }],
        event: { ...dm('U0NEW', 'hulp'), team: 'T0NEW' },
      }),
    );
    const posts = await s.api.waitFor('chat.postMessage', before + 1);
    expect(posts[before]?.token).toBe('xoxb-installed-1');
    expect(
      await s.app.store.people.findByIdentity({ channel: 'slack', tenantId: 'T0NEW', userId: 'U0NEW' }),
    ).toMatchObject({
      locale: 'nl',
    });
  });

  it('rotates an expiring token before use and stores the new pair', async () => {
    await s.models.installation.updateOne(
      { _id: 'T:T0NEW' },
      { $set: { 'data.bot.expiresAt': Math.floor(Date.now() / 1000) + 60 } },
    );
    s.api.once('oauth.v2.access', 200, {
      ok: true,
      token_type: 'bot',
      access_token: 'xoxb-installed-2',
      refresh_token: 'xoxe-refresh-2',
      expires_in: 43_200,
      team: { id: 'T0NEW' },
    });
    const before = s.api.callsTo('chat.postMessage').length;
    await s.post(
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T0NEW',
        event_id: 'EvNEW2',
        authorizations: [{ team_id: 'T0NEW', user_id: 'U0BOTNEW', is_bot: true }],
        event: { ...dm('U0NEW', 'hulp'), team: 'T0NEW' },
      }),
    );
    const posts = await s.api.waitFor('chat.postMessage', before + 1);
    expect(s.api.callsTo('oauth.v2.access').at(-1)?.args).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: 'xoxe-refresh-1',
    });
    expect(posts[before]?.token).toBe('xoxb-installed-2');
    const stored = await s.models.installation.findById('T:T0NEW').lean();
    expect(stored?.data).toMatchObject({ bot: { token: 'xoxb-installed-2', refreshToken: 'xoxe-refresh-2' } });
  });

  it('proactive messages use the installation; a workspace without one is permanently unreachable', async () => {
    const sent = await s.handle.messenger.send({ channel: 'slack', tenantId: 'T0NEW', userId: 'U0NEW' }, [
      { text: 'Reminder' },
    ]);
    expect(sent.messageId).toMatch(/\d/);
    // The workspace's installed token (reused for a few minutes, never past the point where the installer refreshes it).
    expect(s.api.callsTo('chat.postMessage').at(-1)?.token).toMatch(/^xoxb-installed-/);
    const error = await s.handle.messenger
      .send({ channel: 'slack', tenantId: 'T0NEVER', userId: 'U0X' }, [{ text: 'Reminder' }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).failure).toEqual({ kind: 'permanent', reason: 'not_installed' });
  });

  it('keeps the installation when only user tokens are revoked', async () => {
    await s.post(
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T0NEW',
        event_id: 'EvREVOKEUSER',
        authorizations: [{ team_id: 'T0NEW', user_id: 'U0BOTNEW', is_bot: true }],
        event: { type: 'tokens_revoked', tokens: { oauth: ['U0ADMIN'] }, event_ts: '1.1' },
      }),
    );
    await s.handle.idle();
    expect(await s.models.installation.countDocuments({ _id: 'T:T0NEW' })).toBe(1);
  });

  it('forgets a workspace that uninstalls the app', async () => {
    const res = await s.post(
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T0NEW',
        event_id: 'EvUNINSTALL',
        authorizations: [{ team_id: 'T0NEW', user_id: 'U0BOTNEW', is_bot: true }],
        event: { type: 'app_uninstalled', event_ts: '1.1' },
      }),
    );
    expect(res.status).toBe(200);
    await s.handle.idle();
    expect(await s.models.installation.countDocuments({ _id: 'T:T0NEW' })).toBe(0);
    const error = await s.handle.messenger
      .send({ channel: 'slack', tenantId: 'T0NEW', userId: 'U0NEW' }, [{ text: 'Reminder' }])
      .catch((e: unknown) => e);
    expect((error as DeliveryError).failure).toEqual({ kind: 'permanent', reason: 'not_installed' });
  });
});
