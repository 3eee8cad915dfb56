/**
 * The real app with the Teams channel on a free loopback port: a fresh database, createApp, the shared HTTP server and
 * startTeams — what `npm start` does for Teams, minus process concerns. Activities are POSTed to /api/messages like
 * the Bot Connector does; the connector's side (replies, card updates, roster, createConversation) is a nock'd host
 * that records what it receives.
 */
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import type { Connection } from 'mongoose';
import type { Models } from '../../src/store/schemas.js';
import type { App } from '../../src/app.js';
import type { ChannelHandle } from '../../src/channels/channel.js';
import { startTeams } from '../../src/channels/teams/teams.channel.js';
import { loadConfig, type Config } from '../../src/config.js';
import { FixedClock } from '../../src/core/clock.js';
import { silentLogger, type Logger } from '../../src/core/logger.js';
import { channelTestApp } from './channel-app.js';
import { dropDatabase } from './db.js';

export interface TeamsServer {
  readonly app: App;
  readonly config: Readonly<Config>;
  readonly clock: FixedClock;
  readonly handle: ChannelHandle;
  readonly baseUrl: string;
  readonly connection: Connection;
  readonly models: Models;
  post(activity: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startTeamsServer(
  env: Record<string, string> = {},
  logger: Logger = silentLogger,
): Promise<TeamsServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    WEB_CHAT: 'off',
    TEAMS_DEV_NO_AUTH: 'true',
    PORT: '0',
    HOST: '127.0.0.1',
    ...env,
  });
  const clock = new FixedClock('2026-12-01T08:00:00Z');
  const { connection, models, app, http, ctx } = await channelTestApp('teams', config, clock, logger);
  const handle = await startTeams(ctx);
  if (!handle) throw new Error('the Teams channel did not start');
  if (handle.directory) app.directories.teams = handle.directory;
  const address: AddressInfo = await http.listen('127.0.0.1', 0);
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    config,
    clock,
    handle,
    connection,
    models,
    baseUrl,
    async post(activity, headers = {}) {
      const res = await fetch(`${baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    close: async () => {
      await handle.stop();
      await http.stop();
      await dropDatabase(connection);
    },
  };
}

/** A Teams user as the Bot Connector describes them. */
export interface TeamsUser {
  readonly aad: string;
  /** The per-bot "29:…" id. */
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly tenant: string;
  readonly conversation: string;
}

export const BOT = { id: '28:bot-app-id', name: 'Coach' };

export function teamsUser(key: string, tenant = 'tenant-1'): TeamsUser {
  const name = key.charAt(0).toUpperCase() + key.slice(1);
  return {
    aad: `aad-${key}`,
    id: `29:${key}-id`,
    name: `${name} Jansen`,
    email: `${key}@example.com`,
    tenant,
    conversation: `a:conv-${key}`,
  };
}

let seq = 0;
const nextId = (): string => `act-${Date.now().toString(36)}-${++seq}`;

function envelope(user: TeamsUser, serviceUrl: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    id: nextId(),
    timestamp: '2026-12-01T08:00:00.000Z',
    serviceUrl,
    channelId: 'msteams',
    from: { id: user.id, name: user.name, aadObjectId: user.aad },
    recipient: BOT,
    conversation: { id: user.conversation, conversationType: 'personal', tenantId: user.tenant },
    channelData: { tenant: { id: user.tenant } },
    locale: 'en-GB',
    entities: [{ type: 'clientInfo', locale: 'en-GB', country: 'NL', platform: 'Web', timezone: 'Europe/Amsterdam' }],
    ...extra,
  };
}

export const activities = {
  message: (user: TeamsUser, serviceUrl: string, text: string, extra: Record<string, unknown> = {}) =>
    envelope(user, serviceUrl, { type: 'message', text, textFormat: 'plain', ...extra }),
  submit: (user: TeamsUser, serviceUrl: string, value: Record<string, unknown>, replyToId: string) =>
    envelope(user, serviceUrl, { type: 'message', value, replyToId }),
  execute: (user: TeamsUser, serviceUrl: string, data: Record<string, unknown>, replyToId: string) =>
    envelope(user, serviceUrl, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: String(data.action ?? ''), data }, trigger: 'manual' },
      replyToId,
    }),
  installed: (user: TeamsUser, serviceUrl: string) =>
    envelope(user, serviceUrl, { type: 'installationUpdate', action: 'add' }),
  botAdded: (user: TeamsUser, serviceUrl: string) =>
    envelope(user, serviceUrl, { type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] }),
  /** Allow or Decline pressed on a FileConsentCard; `uploadInfo` is what Teams sends with Allow. */
  fileConsent: (
    user: TeamsUser,
    serviceUrl: string,
    value: { action: 'accept' | 'decline'; context: unknown; uploadInfo?: Record<string, unknown> },
    replyToId: string,
  ) =>
    envelope(user, serviceUrl, {
      type: 'invoke',
      name: 'fileConsent/invoke',
      value: { type: 'fileUpload', ...value },
      replyToId,
    }),
};

export interface ConnectorCall {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  /** The Authorization header the bot sent (absent in development mode). */
  readonly authorization?: string;
  /** The activity id the fake connector answered with. */
  answeredId?: string;
}

/**
 * A Bot Connector on a nock'd host that accepts everything and records it: replies and proactive messages (POST
 * …/activities), card updates (PUT …/activities/{id}), roster lookups (GET …/members/{id}) and new conversations.
 */
export function fakeConnector(host: string, users: readonly TeamsUser[] = []) {
  const calls: ConnectorCall[] = [];
  let n = 0;
  const record = async (req: Request): Promise<ConnectorCall> => {
    const text = await req.text();
    const parsed: unknown = text ? JSON.parse(text) : {};
    const authorization = req.headers.get('authorization');
    const call: ConnectorCall = {
      method: req.method,
      path: decodeURIComponent(new URL(req.url).pathname),
      body: typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {},
      ...(authorization ? { authorization } : {}),
    };
    calls.push(call);
    return call;
  };
  // nock 15 hands reply functions the fetch Request (one argument; a second one would be taken for a callback).
  nock(host)
    .persist()
    .post(/\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/)
    .reply(async (req: Request) => {
      const call = await record(req);
      call.answeredId = `sent-${++n}`;
      return [200, { id: call.answeredId }];
    })
    .put(/\/v3\/conversations\/[^/]+\/activities\/[^/]+$/)
    .reply(async (req: Request) => {
      const call = await record(req);
      return [200, { id: call.path.split('/').pop() }];
    })
    .get(/\/v3\/conversations\/[^/]+\/members\/[^/]+$/)
    .reply(async (req: Request) => {
      const call = await record(req);
      const id = call.path.split('/').pop();
      const user = users.find((u) => u.id === id);
      return user
        ? [
            200,
            {
              id: user.id,
              name: user.name,
              aadObjectId: user.aad,
              email: user.email,
              userPrincipalName: user.email,
              tenantId: user.tenant,
            },
          ]
        : [404, { error: { code: 'MemberNotFoundInConversation' } }];
    })
    .post(/\/v3\/conversations$/)
    .reply(async (req: Request) => {
      await record(req);
      return [200, { id: `a:new-conv-${++n}`, activityId: '' }];
    })
    .delete(/\/v3\/conversations\/[^/]+\/activities\/[^/]+$/)
    .reply(async (req: Request) => {
      await record(req);
      return [200, {}];
    });
  return {
    calls,
    /** Messages posted (replies and proactive sends), oldest first. */
    posted: () => calls.filter((c) => c.method === 'POST' && /\/activities/.test(c.path)),
    updates: () => calls.filter((c) => c.method === 'PUT'),
    deleted: () => calls.filter((c) => c.method === 'DELETE'),
    created: () => calls.filter((c) => c.method === 'POST' && /\/v3\/conversations$/.test(c.path)),
    clear: () => calls.splice(0, calls.length),
  };
}

/** The text of everything a posted activity shows: its text, or every TextBlock and fact of its card. */
export function shownText(body: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof body.text === 'string') parts.push(body.text);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') parts.push(o.text);
    if (typeof o.title === 'string' && typeof o.value === 'string' && !('type' in o))
      parts.push(`${o.title}: ${o.value}`);
    if ((o.type === 'Action.Submit' || o.type === 'Action.Execute') && typeof o.title === 'string')
      parts.push(`[${o.title}]`);
    for (const [k, v] of Object.entries(o)) if (k !== 'data' && k !== 'fallbackText') walk(v);
  };
  walk(body.attachments);
  return parts.join('\n');
}

/** The Action.Submit actions of a posted card, with their data. */
export function cardActions(body: Record<string, unknown>): { title: string; data: Record<string, unknown> }[] {
  const found: { title: string; data: Record<string, unknown> }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (o.type === 'Action.Submit' && typeof o.title === 'string')
      found.push({ title: o.title, data: (o.data ?? {}) as Record<string, unknown> });
    for (const v of Object.values(o)) walk(v);
  };
  walk(body.attachments);
  return found;
}
