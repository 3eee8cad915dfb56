/**
 * Safe defaults (issue 13, point 1): the development conveniences (web chat, dev clock, Teams without authentication)
 * run only in the local demo or when forced, only for a local Host, and the server binds 127.0.0.1 in development.
 * The runtime is the real one (store → app → HTTP → channels → scheduler), in-process, on the test MongoDB.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { silentLogger, type Logger } from '../../src/core/logger.js';
import { startRuntime, type Runtime } from '../../src/runtime.js';
import { mongoUri } from '../support/db.js';
import { BOT_TOKEN, SIGNING_SECRET, SLACK_HOST, SlackApi } from '../support/slack.server.js';

const SLACK = {
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: `${SLACK_HOST}/api/`,
};
const TEAMS = {
  MICROSOFT_APP_ID: '00000000-0000-4000-8000-0000000000aa',
  MICROSOFT_APP_PASSWORD: 'app-password-value',
  MICROSOFT_APP_TENANT_ID: '00000000-0000-4000-8000-0000000000bb',
};

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

/** A raw HTTP request with a chosen Host header (fetch does not let a test set it). */
function send(
  port: number,
  method: string,
  path: string,
  host: string,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { host, ...(body ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function runtime(env: Record<string, string>, logger: Logger = silentLogger): Promise<Runtime> {
  const config = loadConfig({
    MONGODB_URI: `${mongoUri()}/safe_${randomUUID().slice(0, 8)}`,
    PORT: '0',
    SCHEDULER_ENABLED: 'false',
    ...env,
  });
  return startRuntime(config, logger);
}

describe('development conveniences in the configuration', () => {
  it('on a fresh clone: the local demo with the web chat and the dev clock, bound to 127.0.0.1', () => {
    expect(loadConfig({})).toMatchObject({
      localDemo: true,
      webChat: true,
      devClock: true,
      HOST: '127.0.0.1',
      PORT: 3978,
      forced: [],
    });
  });

  it('binds every interface in production, and HOST wins in either', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ HOST: '0.0.0.0', webChat: false, devClock: false });
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ NODE_ENV: 'production', HOST: '127.0.0.1' }).HOST).toBe('127.0.0.1');
  });

  it.each([
    ['Slack', SLACK],
    ['Teams', TEAMS],
  ])('with %s credentials and NODE_ENV unset, none runs', (_name, creds) => {
    const config = loadConfig(creds);
    expect(config).toMatchObject({ localDemo: false, webChat: false, devClock: false, forced: [] });
    expect(config.teams).not.toBe('dev-no-auth');
  });

  it.each([
    ['DEV_CLOCK', { DEV_CLOCK: 'true' }],
    ['WEB_CHAT', { WEB_CHAT: 'on' }],
    ['TEAMS_DEV_NO_AUTH', { TEAMS_DEV_NO_AUTH: 'true' }],
  ])('refuses %s next to Slack credentials when NODE_ENV is unset (not a force)', (name, on) => {
    const found = problems({ ...SLACK, ...on });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${name}: .*NODE_ENV=development`));
  });

  it('runs a convenience forced with its switch and an explicit NODE_ENV, and says so', () => {
    const config = loadConfig({ ...SLACK, NODE_ENV: 'development', DEV_CLOCK: 'true', TEAMS_DEV_NO_AUTH: 'true' });
    expect(config).toMatchObject({ devClock: true, teams: 'dev-no-auth', webChat: false });
    expect([...config.forced].sort()).toEqual(['devClock', 'teamsNoAuth']);
  });

  it('refuses the dev clock and Teams without authentication in production; the web chat only with WEB_CHAT=on', () => {
    expect(problems({ NODE_ENV: 'production', DEV_CLOCK: 'true' })[0]).toMatch(/^DEV_CLOCK: .*production/);
    expect(problems({ NODE_ENV: 'production', TEAMS_DEV_NO_AUTH: 'true' })[0]).toMatch(/^TEAMS_DEV_NO_AUTH:/);
    expect(loadConfig({ NODE_ENV: 'production', WEB_CHAT: 'on' })).toMatchObject({
      webChat: true,
      forced: ['webChat'],
    });
  });
});

describe('a server with Slack configured and NODE_ENV unset', () => {
  let rt: Runtime;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    new SlackApi();
    rt = await runtime(SLACK);
  });
  afterAll(async () => {
    await rt.stop();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('binds 127.0.0.1 and runs on the system clock', () => {
    expect(rt.address.address).toBe('127.0.0.1');
    expect(rt.channels.map((c) => c.channel)).toEqual(['slack']);
  });

  it('answers 404 for the dev clock and the web chat, even from localhost', async () => {
    const port = rt.address.port;
    expect((await send(port, 'GET', '/dev/clock', `localhost:${port}`)).status).toBe(404);
    expect((await send(port, 'POST', '/dev/clock/advance', `localhost:${port}`, '{"days":3}')).status).toBe(404);
    expect((await send(port, 'GET', '/', `localhost:${port}`)).status).toBe(404);
    expect((await send(port, 'POST', '/web/api/sam/messages', `localhost:${port}`, '{"text":"start"}')).status).toBe(
      404,
    );
  });

  it('answers 404 to Teams traffic without authentication', async () => {
    const port = rt.address.port;
    const forged = JSON.stringify({
      type: 'message',
      id: '1',
      text: 'help',
      serviceUrl: 'https://attacker.test/',
      channelId: 'msteams',
      from: { id: '29:x', aadObjectId: 'victim' },
      recipient: { id: '28:bot' },
      conversation: { id: 'a:1', conversationType: 'personal', tenantId: 't' },
    });
    expect((await send(port, 'POST', '/api/messages', `localhost:${port}`, forged)).status).toBe(404);
  });
});

describe('with Teams credentials and TEAMS_DEV_NO_AUTH=true, NODE_ENV unset', () => {
  it('authentication stays on: forged Teams traffic gets 401', async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    const rt = await runtime({ ...TEAMS, TEAMS_DEV_NO_AUTH: 'true' });
    try {
      expect(rt.config.teams).toBe('auth');
      const port = rt.address.port;
      const forged = JSON.stringify({
        type: 'message',
        id: '1',
        text: 'help',
        serviceUrl: 'https://attacker.test/',
        channelId: 'msteams',
        from: { id: '29:x', aadObjectId: 'victim' },
        recipient: { id: '28:bot' },
        conversation: { id: 'a:1', conversationType: 'personal', tenantId: TEAMS.MICROSOFT_APP_TENANT_ID },
      });
      expect((await send(port, 'POST', '/api/messages', `127.0.0.1:${port}`, forged)).status).toBe(401);
      expect((await send(port, 'GET', '/dev/clock', `127.0.0.1:${port}`)).status).toBe(404);
      expect(
        await rt.app.store.people.findByIdentity({ channel: 'teams', tenantId: 't', userId: 'victim' }),
      ).toBeNull();
    } finally {
      await rt.stop();
      nock.cleanAll();
      nock.enableNetConnect();
    }
  });
});

describe('the local demo', () => {
  let rt: Runtime;
  const warnings: string[] = [];
  const logger: Logger = { ...silentLogger, warn: (_f, m) => warnings.push(m), child: () => logger };
  beforeAll(async () => {
    rt = await runtime({ NODE_ENV: 'development' }, logger);
  });
  afterAll(() => rt.stop());

  it('serves the web chat and the dev clock on localhost without a forced warning', async () => {
    const port = rt.address.port;
    expect(rt.address.address).toBe('127.0.0.1');
    expect((await send(port, 'GET', '/', `localhost:${port}`)).status).toBe(200);
    expect((await send(port, 'GET', '/web/api/state', `127.0.0.1:${port}`)).status).toBe(200);
    expect((await send(port, 'GET', '/dev/clock', `[::1]:${port}`)).status).toBe(200);
    expect(warnings.filter((w) => w.startsWith('FORCED'))).toEqual([]);
  });

  it.each(['attacker.example:3978', '192.168.1.20:3978', 'localhost.attacker.example'])(
    'refuses a request whose Host is %j (DNS rebinding, the network) and changes nothing',
    async (host) => {
      const port = rt.address.port;
      const before = rt.clock.now().getTime();
      expect((await send(port, 'GET', '/', host)).status).toBe(403);
      expect((await send(port, 'GET', '/web/api/sam/messages', host)).status).toBe(403);
      expect((await send(port, 'POST', '/web/api/sam/messages', host, '{"text":"start"}')).status).toBe(403);
      expect((await send(port, 'POST', '/dev/clock/advance', host, '{"days":3}')).status).toBe(403);
      // The dev clock follows real time; three days would have been added by the refused advance.
      expect(rt.clock.now().getTime() - before).toBeLessThan(60_000);
    },
  );
});

describe('a forced convenience', () => {
  it('logs a warning at every start', async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    new SlackApi();
    for (let start = 0; start < 2; start++) {
      const warnings: string[] = [];
      const logger: Logger = { ...silentLogger, warn: (_f, m) => warnings.push(m), child: () => logger };
      const rt = await runtime({ ...SLACK, NODE_ENV: 'development', DEV_CLOCK: 'true' }, logger);
      try {
        expect(warnings.filter((w) => w.startsWith('FORCED'))).toEqual([expect.stringMatching(/DEV_CLOCK=true/)]);
        expect((await send(rt.address.port, 'GET', '/dev/clock', `localhost:${rt.address.port}`)).status).toBe(200);
      } finally {
        await rt.stop();
      }
    }
    nock.cleanAll();
    nock.enableNetConnect();
  });
});
