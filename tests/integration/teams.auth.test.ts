/**
 * Authentication on (MICROSOFT_APP_ID + password, single tenant): requests without a valid Bot Framework token get
 * 401 and reach nothing; a request signed like the Bot Connector signs it gets through, and the reply is sent with a
 * token the bot fetched from the (nock'd) Microsoft identity platform. Keys, metadata and token endpoints are nock'd.
 */
import { createSign, generateKeyPairSync } from 'node:crypto';
import express from 'express';
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelContext } from '../../src/channels/channel.js';
import { authSettings, createTeamsAdapter } from '../../src/channels/teams/teams.adapter.js';
import { startTeams } from '../../src/channels/teams/teams.channel.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger, type Logger } from '../../src/core/logger.js';
import {
  activities,
  fakeConnector,
  shownText,
  startTeamsServer,
  teamsUser,
  type TeamsServer,
} from '../support/teams.server.js';

const APP_ID = '00000000-0000-4000-8000-00000000b0e7';
const TENANT = 'tenant-1';
const HOST = 'https://smba.test';
const SERVICE = `${HOST}/amer/`;
const ann = teamsUser('ann', TENANT);

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = publicKey.export({ format: 'jwk' });

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** A token shaped like the Bot Connector's: issuer api.botframework.com, audience our app id, the serviceUrl claim. */
function connectorToken(claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'test-key' }));
  const payload = b64url(
    JSON.stringify({
      iss: 'https://api.botframework.com',
      aud: APP_ID,
      serviceurl: SERVICE,
      nbf: now - 60,
      exp: now + 3600,
      ...claims,
    }),
  );
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKey);
  return `${header}.${payload}.${b64url(signature)}`;
}

function botFrameworkKeys(): void {
  nock('https://login.botframework.com')
    .persist()
    .get('/v1/.well-known/openidconfiguration')
    .reply(200, {
      issuer: 'https://api.botframework.com',
      jwks_uri: 'https://login.botframework.com/v1/.well-known/keys',
      id_token_signing_alg_values_supported: ['RS256'],
    })
    .get('/v1/.well-known/keys')
    .reply(200, { keys: [{ kty: 'RSA', use: 'sig', kid: 'test-key', n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] });
}

/** The Microsoft identity platform for our tenant: discovery and the client-credentials token endpoint. */
function identityPlatform(): { tokenRequests: string[] } {
  const tokenRequests: string[] = [];
  const base = `https://login.microsoftonline.com/${TENANT}`;
  nock('https://login.microsoftonline.com')
    .persist()
    .get(/\/discovery\/instance/)
    .reply(200, {
      tenant_discovery_endpoint: `${base}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [
        {
          preferred_network: 'login.microsoftonline.com',
          preferred_cache: 'login.windows.net',
          aliases: ['login.microsoftonline.com', 'login.windows.net'],
        },
      ],
    })
    .get(new RegExp(`/${TENANT}/v2.0/.well-known/openid-configuration`))
    .reply(200, {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
    })
    .post(new RegExp(`/${TENANT}/oauth2/v2.0/token`))
    .reply(async (req: Request) => {
      tokenRequests.push(await req.text());
      return [
        200,
        { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: 'outbound-access-token' },
      ];
    });
  return { tokenRequests };
}

describe('Teams with authentication on', () => {
  let server: TeamsServer;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1/);
    server = await startTeamsServer({
      TEAMS_DEV_NO_AUTH: 'false',
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'app-password-value',
      MICROSOFT_APP_TENANT_ID: TENANT,
      MICROSOFT_APP_TYPE: 'SingleTenant',
    });
  });
  afterAll(async () => {
    await server.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });
  beforeEach(() => {
    nock.cleanAll();
    botFrameworkKeys();
  });

  it('starts in authenticated mode', () => {
    expect(server.config.teams).toBe('auth');
    expect(server.handle.mode).toMatch(/SingleTenant/);
  });

  it('answers 401 to a request without a token, and nothing reaches the engine or the connector', async () => {
    const connector = fakeConnector(HOST, [ann]);
    const res = await server.post(activities.message(ann, SERVICE, 'help'));
    expect(res).toEqual({ status: 401, body: { error: 'unauthorized' } });
    expect(connector.calls).toEqual([]);
    expect(
      await server.app.store.people.findByIdentity({ channel: 'teams', tenantId: TENANT, userId: ann.aad }),
    ).toBeNull();
  });

  it.each([
    ['a malformed token', () => 'Bearer not-a-jwt'],
    ['a token for another app', () => `Bearer ${connectorToken({ aud: 'someone-else' })}`],
    ['a token for another service URL', () => `Bearer ${connectorToken({ serviceurl: 'https://evil.test/' })}`],
    ['an expired token', () => `Bearer ${connectorToken({ nbf: 1_000_000, exp: 1_000_600 })}`],
    ['a token from another issuer', () => `Bearer ${connectorToken({ iss: 'https://evil.test' })}`],
  ])('answers 401 to %s', async (_label, header) => {
    const connector = fakeConnector(HOST, [ann]);
    const res = await server.post(activities.message(ann, SERVICE, 'help'), { authorization: header() });
    expect(res.status).toBe(401);
    expect(connector.calls).toEqual([]);
  });

  it('accepts a valid Bot Connector token and replies with a token of its own', async () => {
    const { tokenRequests } = identityPlatform();
    const connector = fakeConnector(HOST, [ann]);
    const res = await server.post(activities.message(ann, SERVICE, 'help'), {
      authorization: `Bearer ${connectorToken()}`,
    });
    expect(res.status).toBe(200);

    const posted = connector.posted();
    expect(posted).toHaveLength(1);
    expect(shownText(posted[0]?.body ?? {})).toMatch(/Here is what I can do for you/);
    expect(posted[0]?.authorization).toBe('Bearer outbound-access-token');
    expect(tokenRequests.length).toBeGreaterThanOrEqual(1);
    expect(new URLSearchParams(tokenRequests[0]).get('client_id')).toBe(APP_ID);
    expect(new URLSearchParams(tokenRequests[0]).get('scope')).toMatch(/api\.botframework\.com/);
  });
});

describe('Teams start-up modes', () => {
  const base = { NODE_ENV: 'test', WEB_CHAT: 'off', PORT: '0' };

  it('does not start (no route, no messenger) without an app id unless development mode is explicitly on', async () => {
    const config = loadConfig(base);
    expect(config.teams).toBe('off');
    const router = express.Router();
    const handle = await startTeams({ config, router, logger: silentLogger } as unknown as ChannelContext);
    expect(handle).toBeNull();
    expect(router.stack).toHaveLength(0);
  });

  it('says loudly, at warn level, that authentication is off in development mode', async () => {
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (_f, m) => warnings.push(m), child: () => logger };
    const server = await startTeamsServer({}, logger);
    try {
      expect(server.handle.mode).toMatch(/AUTHENTICATION OFF/);
      expect(warnings.join('\n')).toMatch(/TEAMS AUTHENTICATION IS OFF/);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['SingleTenant', { MICROSOFT_APP_PASSWORD: 'secret-value', MICROSOFT_APP_TENANT_ID: TENANT }],
    ['MultiTenant', { MICROSOFT_APP_PASSWORD: 'secret-value' }],
    ['UserAssignedMSI', { MICROSOFT_APP_TENANT_ID: TENANT }],
  ])('hands %s to the SDK as configured', (type, extra) => {
    const config = loadConfig({ ...base, MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: type, ...extra });
    expect(authSettings(config)).toEqual({
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: type,
      ...('MICROSOFT_APP_PASSWORD' in extra ? { MicrosoftAppPassword: 'secret-value' } : {}),
      ...('MICROSOFT_APP_TENANT_ID' in extra ? { MicrosoftAppTenantId: TENANT } : {}),
    });
    expect(() => createTeamsAdapter(config, silentLogger)).not.toThrow();
  });
});
