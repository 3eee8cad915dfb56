/**
 * The real app with the Slack channel on a free loopback port: a fresh database, createApp, the shared HTTP server and
 * startSlack — what `npm start` does for Slack over HTTP, minus process concerns. Requests are signed like Slack signs
 * them (HMAC-SHA256 over `v0:<timestamp>:<body>`) and POSTed to /slack/events, where Bolt's own verification checks
 * them. The Slack Web API is a nock'd host (`http://slack.test/api/`) that records every call.
 */
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import type { Connection } from 'mongoose';
import type { Models } from '../../src/store/schemas.js';
import type { App } from '../../src/app.js';
import { startSlack, type SlackHandle, type SlackOptions } from '../../src/channels/slack/slack.channel.js';
import { loadConfig, type Config } from '../../src/config.js';
import { FixedClock } from '../../src/core/clock.js';
import { silentLogger, type Logger } from '../../src/core/logger.js';
import { channelTestApp } from './channel-app.js';
import { dropDatabase } from './db.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-bot-token';
export const SLACK_HOST = 'http://slack.test';
export const TEAM = 'T0TEAM';
export const BOT_USER = 'U0BOT';

/** Slack's request signature for a body sent at `timestamp` (seconds). */
export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface ApiCall {
  readonly method: string;
  readonly token: string | undefined;
  readonly args: Record<string, unknown>;
}

interface CannedReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

export interface SlackUserFixture {
  readonly id: string;
  readonly name: string;
  readonly email?: string;
  readonly tz?: string;
  readonly locale?: string;
}

/**
 * The Slack Web API as a recording stand-in. Every method answers `ok: true` with plausible data unless a reply was
 * queued for it with `once()` (a 429, a platform error…).
 */
export class SlackApi {
  readonly calls: ApiCall[] = [];
  readonly users = new Map<string, SlackUserFixture>();
  private readonly queued = new Map<string, CannedReply[]>();
  private ts = 1_000;
  private waiters: { method: string; count: number; resolve: () => void }[] = [];

  constructor(readonly host = SLACK_HOST) {
    // nock 15 hands the reply function the Fetch Request.
    nock(host)
      .persist()
      .post(/^\/api\/[\w.]+$/)
      .reply(async (request: Request): Promise<[number, Record<string, unknown>, Record<string, string>]> => {
        const method = new URL(request.url).pathname.replace(/^\/api\//, '');
        const args = parseArgs(await request.text());
        const auth = request.headers.get('authorization');
        const token = typeof args.token === 'string' ? args.token : auth ? auth.replace(/^Bearer /, '') : undefined;
        const { token: _t, ...rest } = args;
        this.calls.push({ method, token, args: rest });
        const reply = this.queued.get(method)?.shift() ?? this.answer(method, rest);
        await (this.holds.get(method)?.shift() ?? Promise.resolve());
        setImmediate(() => this.notify());
        return [reply.status, reply.body, reply.headers ?? {}];
      });
    // files.uploadV2's second step: the bytes go to the upload URL (a different path on the same host).
    nock(host)
      .persist()
      .post(/^\/upload\/v1\/[\w-]+$/)
      .reply(async (request: Request): Promise<[number, string]> => {
        const id = new URL(request.url).pathname.split('/').at(-1) ?? '';
        this.uploads.set(id, await request.text());
        return [200, 'OK - 1'];
      });
  }

  private readonly holds = new Map<string, Promise<void>[]>();
  /** Bytes received at the upload URLs that files.getUploadURLExternal handed out, by file id. */
  readonly uploads = new Map<string, string>();
  private fileCounter = 0;

  /** Holds the next answer to `method` until `gate` resolves (to observe what happens while Slack is slow). */
  hold(method: string, gate: Promise<void>): this {
    const list = this.holds.get(method) ?? [];
    list.push(gate);
    this.holds.set(method, list);
    return this;
  }

  /** Queues one reply for a method (used before the default answers). */
  once(method: string, status: number, body: Record<string, unknown>, headers?: Record<string, string>): this {
    const list = this.queued.get(method) ?? [];
    list.push({ status, body, ...(headers ? { headers } : {}) });
    this.queued.set(method, list);
    return this;
  }

  user(fixture: SlackUserFixture): this {
    this.users.set(fixture.id, fixture);
    return this;
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once `count` calls to `method` have been made in total (a 5 s safety net fails the test otherwise). */
  async waitFor(method: string, count = 1, timeoutMs = 5_000): Promise<ApiCall[]> {
    if (this.callsTo(method).length < count) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `expected ${count} call(s) to ${method}; got ${this.callsTo(method).length}: ${this.calls.map((c) => c.method).join(', ')}`,
              ),
            ),
          timeoutMs,
        );
        this.waiters.push({
          method,
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    }
    return this.callsTo(method);
  }

  private notify(): void {
    this.waiters = this.waiters.filter((w) => {
      if (this.callsTo(w.method).length >= w.count) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  private answer(method: string, args: Record<string, unknown>): CannedReply {
    const ok = (body: Record<string, unknown> = {}): CannedReply => ({ status: 200, body: { ok: true, ...body } });
    switch (method) {
      case 'auth.test':
        return ok({
          user_id: BOT_USER,
          bot_id: 'B0BOT',
          team_id: TEAM,
          team: 'Test team',
          url: 'https://test.slack.com/',
        });
      case 'users.info': {
        const user = this.users.get(String(args.user));
        return user ? ok({ user: slackUser(user) }) : { status: 200, body: { ok: false, error: 'user_not_found' } };
      }
      case 'users.lookupByEmail': {
        const user = [...this.users.values()].find((u) => u.email === args.email);
        return user ? ok({ user: slackUser(user) }) : { status: 200, body: { ok: false, error: 'users_not_found' } };
      }
      case 'conversations.open':
        return ok({ channel: { id: `D-${String(args.users)}` } });
      case 'chat.postMessage': {
        // Like Slack, the answer echoes the message posted (text and blocks): what the SDK logs at debug level.
        const ts = `${++this.ts}.000100`;
        return ok({
          channel: args.channel,
          ts,
          message: { type: 'message', user: BOT_USER, bot_id: 'B0BOT', text: args.text, blocks: args.blocks, ts },
        });
      }
      case 'files.getUploadURLExternal': {
        const fileId = `F${++this.fileCounter}`;
        return ok({ file_id: fileId, upload_url: `${this.host}/upload/v1/${fileId}` });
      }
      case 'files.completeUploadExternal':
        return ok({ files: JSON.parse(String(args.files)) as unknown });
      case 'views.open':
      case 'views.publish':
      case 'views.update':
        return ok({ view: { id: 'V0VIEW' } });
      default:
        return ok();
    }
  }
}

function slackUser(u: SlackUserFixture): Record<string, unknown> {
  return {
    id: u.id,
    name: u.name.toLowerCase(),
    real_name: u.name,
    tz: u.tz ?? 'Europe/Amsterdam',
    ...(u.locale ? { locale: u.locale } : {}),
    profile: { display_name: u.name, real_name: u.name, ...(u.email ? { email: u.email } : {}) },
  };
}

function parseArgs(body: unknown): Record<string, unknown> {
  const raw: Record<string, unknown> =
    typeof body === 'string'
      ? Object.fromEntries(new URLSearchParams(body))
      : typeof body === 'object' && body
        ? { ...(body as Record<string, unknown>) }
        : {};
  for (const key of ['blocks', 'view']) {
    const value = raw[key];
    if (typeof value === 'string') raw[key] = JSON.parse(value) as unknown;
  }
  return raw;
}

export interface SlackServer {
  readonly app: App;
  readonly config: Readonly<Config>;
  readonly clock: FixedClock;
  readonly handle: SlackHandle;
  readonly api: SlackApi;
  readonly baseUrl: string;
  readonly connection: Connection;
  readonly models: Models;
  /** POSTs a raw body to /slack/events, signed unless told otherwise. */
  post(
    body: string,
    options?: {
      contentType?: string;
      timestamp?: number;
      secret?: string;
      headers?: Record<string, string>;
      unsigned?: boolean;
    },
  ): Promise<{ status: number; text: string }>;
  /** An Events API callback (`event_callback`) around `event`. */
  event(
    event: Record<string, unknown>,
    options?: { eventId?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; text: string }>;
  /** An interactivity payload (block_actions, view_submission), form-encoded as Slack sends it. */
  interact(payload: Record<string, unknown>): Promise<{ status: number; text: string }>;
  /** A slash command, form-encoded as Slack sends it. */
  command(userId: string, text: string): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

let eventCounter = 0;
let triggerCounter = 0;
export const nextTrigger = (): string => `trigger-${++triggerCounter}`;

export async function startSlackServer(
  env: Record<string, string> = {},
  options: SlackOptions & { logger?: Logger; start?: string; prepare?: (api: SlackApi) => void | Promise<void> } = {},
): Promise<SlackServer> {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  const api = new SlackApi();
  await options.prepare?.(api);
  const config = loadConfig({
    NODE_ENV: 'test',
    WEB_CHAT: 'off',
    PORT: '0',
    HOST: '127.0.0.1',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: `${SLACK_HOST}/api/`,
    ...env,
  });
  const clock = new FixedClock(options.start ?? '2026-12-01T08:00:00Z');
  const { connection, models, app, http, ctx } = await channelTestApp(
    'slack',
    config,
    clock,
    options.logger ?? silentLogger,
  );
  const handle = await startSlack(ctx, options).catch(async (error: unknown) => {
    await dropDatabase(connection);
    nock.cleanAll();
    throw error;
  });
  if (!handle) throw new Error('the Slack channel did not start');
  app.directories.slack = handle.directory;
  const address: AddressInfo = await http.listen('127.0.0.1', 0);
  const baseUrl = `http://127.0.0.1:${address.port}`;

  const post: SlackServer['post'] = async (body, o = {}) => {
    const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': o.contentType ?? 'application/json',
      ...(o.unsigned
        ? {}
        : { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp, o.secret) }),
      ...o.headers,
    };
    const res = await fetch(`${baseUrl}/slack/events`, { method: 'POST', headers, body });
    return { status: res.status, text: await res.text() };
  };
  const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();
  return {
    app,
    config,
    clock,
    handle,
    api,
    baseUrl,
    connection,
    models,
    post,
    event: (event, o = {}) =>
      post(
        JSON.stringify({
          token: 'legacy',
          team_id: TEAM,
          api_app_id: 'A0APP',
          type: 'event_callback',
          event_id: o.eventId ?? `Ev${++eventCounter}`,
          event_time: Math.floor(Date.now() / 1000),
          authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true }],
          event,
        }),
        o.headers ? { headers: o.headers } : {},
      ),
    interact: (payload) =>
      post(form({ payload: JSON.stringify(payload) }), { contentType: 'application/x-www-form-urlencoded' }),
    command: (userId, text) =>
      post(
        form({
          token: 'legacy',
          team_id: TEAM,
          team_domain: 'test',
          channel_id: 'C0GENERAL',
          channel_name: 'general',
          user_id: userId,
          user_name: userId.toLowerCase(),
          command: '/coach',
          text,
          api_app_id: 'A0APP',
          response_url: `${SLACK_HOST}/commands/1`,
          trigger_id: nextTrigger(),
        }),
        { contentType: 'application/x-www-form-urlencoded' },
      ),
    close: async () => {
      await handle.stop();
      await http.stop();
      await dropDatabase(connection);
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}

/** A DM from a person, as `message.im` delivers it. */
export function dm(user: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    channel: `D-${user}`,
    channel_type: 'im',
    user,
    text,
    ts: `${Date.now() / 1000}`,
    event_ts: `${Date.now() / 1000}`,
    team: TEAM,
    ...extra,
  };
}

/** A button press on a message the bot posted in the person's DM. */
export function buttonPress(
  user: string,
  actionId: string,
  value: string | undefined,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: user, team_id: TEAM },
    team: { id: TEAM, domain: 'test' },
    api_app_id: 'A0APP',
    trigger_id: nextTrigger(),
    container: { type: 'message', message_ts: '1.1', channel_id: `D-${user}`, is_ephemeral: false },
    channel: { id: `D-${user}`, name: 'directmessage' },
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'b',
        ...(value !== undefined ? { value } : {}),
        action_ts: '1.2',
      },
    ],
    ...extra,
  };
}
