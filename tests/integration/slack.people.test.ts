/**
 * People on Slack: the directory (a coach by mention or by e-mail) against the nock'd Web API, and a person's first
 * contact through the App Home getting their Slack language and time zone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackServer, TEAM, type SlackServer } from '../support/slack.server.js';
import { SlackUser, slackText } from '../support/slack.user.js';

describe('Slack people', () => {
  let s: SlackServer;
  const from = { channel: 'slack' as const, tenantId: TEAM, userId: 'U0SAM' };
  beforeAll(async () => {
    s = await startSlackServer();
    s.api.user({ id: 'U0CARLA', name: 'Carla', email: 'carla@example.com', tz: 'America/New_York', locale: 'en-US' });
    s.api.user({ id: 'U0NOOR', name: 'Noor', email: 'noor@example.com', tz: 'Europe/Amsterdam', locale: 'nl-NL' });
  });
  afterAll(() => s.close());

  it('resolves a coach by mention, with the profile Slack knows', async () => {
    expect(await s.handle.directory.resolve(from, '<@U0CARLA|carla>')).toEqual({
      identity: { channel: 'slack', tenantId: TEAM, userId: 'U0CARLA' },
      profile: { displayName: 'Carla', email: 'carla@example.com', locale: 'en-US', timeZone: 'America/New_York' },
    });
    expect(s.api.callsTo('users.info').at(-1)?.args).toMatchObject({ user: 'U0CARLA', include_locale: 'true' });
  });

  it('resolves a coach by e-mail address (also as Slack auto-links it)', async () => {
    const byMail = await s.handle.directory.resolve(from, 'noor@example.com');
    expect(byMail?.identity.userId).toBe('U0NOOR');
    expect(byMail?.profile).toMatchObject({ displayName: 'Noor', locale: 'nl-NL', timeZone: 'Europe/Amsterdam' });
    expect(s.api.callsTo('users.lookupByEmail').at(-1)?.args).toMatchObject({ email: 'noor@example.com' });
    expect(
      (await s.handle.directory.resolve(from, '<mailto:noor@example.com|noor@example.com>'))?.identity.userId,
    ).toBe('U0NOOR');
  });

  it('finds nobody for an unknown user, an unknown e-mail, a bot, a deactivated account or plain words', async () => {
    expect(await s.handle.directory.resolve(from, '<@U0NOBODY>')).toBeNull();
    expect(await s.handle.directory.resolve(from, 'nobody@example.com')).toBeNull();
    s.api.once('users.info', 200, { ok: true, user: { id: 'U0BOTTY', name: 'botty', is_bot: true } });
    expect(await s.handle.directory.resolve(from, '<@U0BOTTY>')).toBeNull();
    s.api.once('users.info', 200, { ok: true, user: { id: 'U0LEFT', name: 'left', deleted: true } });
    expect(await s.handle.directory.resolve(from, '<@U0LEFT>')).toBeNull();
    const calls = s.api.calls.length;
    expect(await s.handle.directory.resolve(from, 'my manager')).toBeNull();
    expect(s.api.calls.length).toBe(calls);
  });

  it('a first contact through the App Home creates the person in their Slack language and time zone', async () => {
    const noor = new SlackUser(s, 'U0NOOR');
    const home = await noor.openHome();
    expect(slackText('', home.blocks)).toMatch(/Hallo Noor/);
    expect(
      await s.app.store.people.findByIdentity({ channel: 'slack', tenantId: TEAM, userId: 'U0NOOR' }),
    ).toMatchObject({
      displayName: 'Noor',
      locale: 'nl',
      timeZone: 'Europe/Amsterdam',
    });
    // The Messages tab opening is not a reason to publish anything.
    const before = noor.homes().length;
    await s.event({ type: 'app_home_opened', user: 'U0NOOR', channel: 'D-U0NOOR', tab: 'messages', event_ts: '1.2' });
    await s.handle.idle();
    expect(noor.homes().length).toBe(before);
  });

  it('caches profiles: a coach just looked up, writing twice, costs no further users.info', async () => {
    const before = s.api.callsTo('users.info').filter((c) => c.args.user === 'U0CARLA').length;
    const carla = new SlackUser(s, 'U0CARLA');
    await carla.send('help');
    await carla.send('help');
    expect(s.api.callsTo('users.info').filter((c) => c.args.user === 'U0CARLA').length).toBe(before);
  });
});
