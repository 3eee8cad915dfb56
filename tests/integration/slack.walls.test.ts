/**
 * A single-workspace install refuses events from any other workspace (issue 13, point 7): before auth.test has
 * answered, Bolt's authorization refuses them; after, the gate answers 403 at once. Nothing is created or sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_USER, dm, startSlackServer, TEAM, type SlackServer } from '../support/slack.server.js';

const OTHER = 'T0OTHER';

function foreign(user: string, text: string): string {
  return JSON.stringify({
    token: 'legacy',
    team_id: OTHER,
    api_app_id: 'A0APP',
    type: 'event_callback',
    event_id: `Ev-${user}-${text.length}`,
    event_time: 1_790_000_000,
    authorizations: [{ team_id: OTHER, user_id: BOT_USER, is_bot: true }],
    event: { ...dm(user, text), team: OTHER },
  });
}

describe('a single-workspace Slack install', () => {
  let s: SlackServer;
  beforeAll(async () => {
    s = await startSlackServer();
    s.api.user({ id: 'U0ANN', name: 'Ann' }).user({ id: 'U0EVE', name: 'Eve' });
  });
  afterAll(() => s.close());

  it('serves nothing to another workspace, before and after it knows its own', async () => {
    await s.post(foreign('U0EVE', 'help'));
    await s.handle.idle();
    expect(await s.app.store.people.findByIdentity({ channel: 'slack', tenantId: OTHER, userId: 'U0EVE' })).toBeNull();

    await s.event(dm('U0ANN', 'help'));
    await s.api.waitFor('chat.postMessage', 1);
    const res = await s.post(foreign('U0EVE', 'start'));
    expect(res.status).toBe(403);
    await s.handle.idle();
    expect(await s.app.store.people.findByIdentity({ channel: 'slack', tenantId: OTHER, userId: 'U0EVE' })).toBeNull();
    expect(s.api.callsTo('chat.postMessage').map((c) => c.args.channel)).toEqual(['D-U0ANN']);
    expect(
      await s.app.store.people.findByIdentity({ channel: 'slack', tenantId: TEAM, userId: 'U0ANN' }),
    ).not.toBeNull();
  });
});
