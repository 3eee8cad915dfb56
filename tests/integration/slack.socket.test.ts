/**
 * Socket Mode: the real SocketModeReceiver against a local WebSocket stand-in. `apps.connections.open` is nock'd (with
 * the app-level token) and answers the stand-in's URL; the app connects, gets `hello`, acknowledges envelopes over
 * the socket and answers a DM through the Web API. No public URL, no signing secret involved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/logger.js';
import { dm, startSlackServer, TEAM, type SlackServer } from '../support/slack.server.js';
import { SocketModeStandIn } from '../support/slack.socket.js';

const APP_TOKEN = 'xapp-1-A0APP-1-socket-test';

const callback = (eventId: string, event: Record<string, unknown>) => ({
  token: 'legacy',
  team_id: TEAM,
  api_app_id: 'A0APP',
  type: 'event_callback',
  event_id: eventId,
  event_time: 1,
  authorizations: [{ team_id: TEAM, user_id: 'U0BOT', is_bot: true }],
  event,
});

describe('Slack in Socket Mode', () => {
  let socket: SocketModeStandIn;
  let s: SlackServer;
  const warnings: string[] = [];
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (_f, m) => void warnings.push(m),
    error: () => undefined,
    child: () => logger,
  };
  beforeAll(async () => {
    socket = new SocketModeStandIn();
    const url = await socket.listen();
    s = await startSlackServer(
      { SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: '' },
      { logger, prepare: (api) => void api.once('apps.connections.open', 200, { ok: true, url }) },
    );
    s.api.user({ id: 'U0ANN', name: 'Ann', locale: 'en-GB' });
  });
  afterAll(async () => {
    await s.close();
    await socket.close();
  });

  it('starts by opening a connection with the app-level token and connecting to the URL Slack gave', async () => {
    expect(s.handle.mode).toBe('socket mode');
    const [open] = s.api.callsTo('apps.connections.open');
    expect(open?.token).toBe(APP_TOKEN);
    await socket.whenConnected();
    expect(socket.connections).toBe(1);
  });

  it('acknowledges an envelope over the socket, then answers the DM through the Web API', async () => {
    const ack = await socket.deliver('env-1', callback('EvSOCK1', dm('U0ANN', 'help')));
    expect(ack).toMatchObject({ envelope_id: 'env-1' });
    // Acknowledged once stored, as over HTTP: the event is in the inbox at the latest now.
    expect(await s.models.inbox.countDocuments({ _id: 'slack:EvSOCK1' })).toBe(1);
    const [post] = await s.api.waitFor('chat.postMessage', 1);
    expect(post).toMatchObject({
      token: 'xoxb-test-bot-token',
      args: { channel: 'D-U0ANN', text: 'Here is what I can do for you' },
    });
  });

  it('processes a redelivered envelope of the same event once', async () => {
    await s.handle.idle();
    const before = s.api.callsTo('chat.postMessage').length;
    await socket.deliver('env-2', callback('EvSOCK2', dm('U0ANN', 'help')));
    await socket.deliver('env-2', callback('EvSOCK2', dm('U0ANN', 'help')), 1);
    await s.api.waitFor('chat.postMessage', before + 1);
    await s.handle.idle();
    expect(s.api.callsTo('chat.postMessage').length).toBe(before + 1);
  });

  // Last: it closes the database.
  it('leaves a DM it cannot store unacknowledged, so Slack delivers the envelope again', async () => {
    await s.handle.idle();
    await s.connection.close();
    socket.sendJson({
      envelope_id: 'env-3',
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload: callback('EvSOCK3', dm('U0ANN', 'help')),
    });
    await expect
      .poll(() => warnings, { timeout: 25_000 })
      .toContain('slack socket mode envelope not processed: left unacknowledged');
    expect(socket.acksOf('env-3')).toEqual([]);
  }, 30_000);
});

describe('Slack in Socket Mode with a bad app token', () => {
  it('fails to start with a clear error after apps.connections.open says invalid_auth', async () => {
    const failure = await startSlackServer(
      { SLACK_APP_TOKEN: 'xapp-1-revoked', SLACK_SIGNING_SECRET: '' },
      { prepare: (api) => void api.once('apps.connections.open', 200, { ok: false, error: 'invalid_auth' }) },
    ).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('channel_error');
    expect((failure as AppError).message).toMatch(/Socket Mode could not connect: .*invalid_auth/);
    expect((failure as AppError).message).not.toContain('xapp-1-revoked');
  });

  it('does not hold start-up hostage while Slack cannot be reached, and reports the outcome later', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const lines: string[] = [];
    const logger: Logger = {
      debug: () => undefined,
      info: (_f, m) => void lines.push(`info ${m}`),
      warn: (_f, m) => void lines.push(`warn ${m}`),
      error: (_f, m) => void lines.push(`error ${m}`),
      child: () => logger,
    };
    const s = await startSlackServer(
      { SLACK_APP_TOKEN: 'xapp-1-slow', SLACK_SIGNING_SECRET: '' },
      {
        connectWaitMs: 50,
        logger,
        prepare: (api) =>
          void api
            .hold('apps.connections.open', gate)
            .once('apps.connections.open', 200, { ok: false, error: 'invalid_auth' }),
      },
    );
    try {
      expect(s.handle.mode).toBe('socket mode');
      expect(lines).toContain('warn slack socket mode is not connected yet; it keeps trying in the background');
      release();
      await expect.poll(() => lines).toContain('error slack socket mode could not connect');
    } finally {
      await s.close();
    }
  });
});
