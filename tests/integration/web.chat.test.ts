import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb } from '../../src/channels/web/index.js';
import { channelContext } from '../../src/app.js';
import { MongoWebMessages } from '../../src/store/web-messages.repo.js';
import { createModels } from '../../src/store/schemas.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { DeliveryError } from '../../src/core/messenger.js';
import { startWebServer, type WebServer } from '../support/web.server.js';

interface View {
  id: string;
  seq: number;
  from: 'me' | 'bot';
  kind: string;
  text: string;
  html: string;
}

describe('web chat over HTTP', () => {
  let s: WebServer;
  const get = async (path: string): Promise<Response> => fetch(`${s.baseUrl}${path}`);
  const post = async (path: string, body: unknown): Promise<Response> =>
    fetch(`${s.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const messages = async (user: string, after = 0): Promise<View[]> =>
    ((await (await get(`/web/api/${user}/messages?after=${after}`)).json()) as { messages: View[] }).messages;
  const say = async (user: string, text: string, eventId?: string): Promise<{ status: string; messages: View[] }> =>
    (await (await post(`/web/api/${user}/messages`, { text, ...(eventId ? { eventId } : {}) })).json()) as {
      status: string;
      messages: View[];
    };

  beforeAll(async () => {
    s = await startWebServer();
  });
  afterAll(() => s.close());

  it('creates the demo pair on first start, marked as demo data, and greets each with their dashboard', async () => {
    const sam = await s.app.store.people.findByEmail('sam@demo.local');
    const robin = await s.app.store.people.findByEmail('robin@demo.local');
    expect(sam?.displayName).toBe('Sam');
    expect(robin?.identities).toEqual([{ channel: 'web', tenantId: 'local', userId: 'robin' }]);
    for (const user of ['sam', 'robin']) {
      const [welcome, ...rest] = await messages(user);
      expect(rest).toEqual([]);
      expect(welcome?.from).toBe('bot');
      const dashboard = await s.app.dashboardFor({ channel: 'web', tenantId: 'local', userId: user });
      expect(welcome?.text).toBe(dashboard.text);
    }
  });

  it('starting again keeps the same people and does not greet twice', async () => {
    const router = express.Router();
    const handle = await startWeb(channelContext(s.app, s.config, router, silentLogger));
    expect(handle?.channel).toBe('web');
    expect(await s.models.person.countDocuments({ email: /@demo\.local$/ })).toBe(2);
    expect(await messages('sam')).toHaveLength(1);
  });

  it('serves the page with its own CSS and JS and a strict content policy', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('Demo: Sam (employee)');
    expect(html).toContain('data-clock="next"');
    const css = await get('/web/app.css');
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect(await css.text()).toContain(':focus-visible');
    const js = await get('/web/app.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toContain("'/web/api/'");
  });

  it("answers a typed message with the engine's reply, and keeps both for a reload", async () => {
    const before = await messages('sam');
    const result = await say('sam', 'help');
    expect(result.status).toBe('replied');
    expect(result.messages.map((m) => m.from)).toEqual(['me', 'bot']);
    expect(result.messages[0]?.html).toContain('>help</p>');
    expect(result.messages[1]?.html).toContain('data-action=');
    const after = await messages('sam', before.at(-1)?.seq ?? 0);
    expect(after.map((m) => m.id)).toEqual(result.messages.map((m) => m.id));
    expect(after[0]!.seq).toBeLessThan(after[1]!.seq);
    // A store made anew on the same database (a restart) reads the same chat.
    const reread = await new MongoWebMessages(createModels(s.connection), s.app.cipher).list('sam', 0);
    expect(reread.map((m) => m.id)).toContain(result.messages[1]?.id);
  });

  it("passes a button press to the engine verbatim and shows the label as the person's own bubble", async () => {
    const res = await post('/web/api/robin/actions', {
      action: 'no-such-action',
      value: 'x|y',
      echo: { text: 'Prepare' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; messages: View[] };
    expect(body.messages[0]).toMatchObject({ from: 'me', text: 'Prepare' });
    // An unknown or stale button is answered kindly by the engine, and nothing else happens.
    expect(body.messages[1]?.html).toContain('That button belongs to an earlier message');
  });

  it('accepts a scripted button press without an echo', async () => {
    const res = await post('/web/api/robin/actions', { action: 'no-such-action' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { messages: View[] };
    expect(body.messages[0]).toMatchObject({ from: 'me', text: '✓' });
    expect(body.messages.slice(1).map((m) => m.from)).toContain('bot');
  });

  it("shows a form submit as the form's title with the answers given", async () => {
    const res = await post('/web/api/sam/actions', {
      action: 'form:agreement',
      value: 'agreements|new|1',
      values: { what: 'Ask for feedback', due: '2026-12-15' },
      echo: {
        text: 'New agreement',
        fields: [
          { label: 'What', value: 'Ask for feedback' },
          { label: 'By when', value: '2026-12-15' },
          { label: 'Notes', value: '' },
        ],
      },
    });
    const body = (await res.json()) as { messages: View[] };
    expect(body.messages[0]?.html).toContain('<dt>What</dt><dd>Ask for feedback</dd>');
    expect(body.messages[0]?.html).not.toContain('Notes');
  });

  it('meets bad requests with a code and changes nothing', async () => {
    const count = (await messages('sam')).length;
    expect((await post('/web/api/mallory/messages', { text: 'hi' })).status).toBe(404);
    const invalid = await post('/web/api/sam/messages', { text: 42 });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ error: 'invalid_request', fields: ['text'] });
    expect((await post('/web/api/sam/actions', { action: '', echo: { text: 'x' } })).status).toBe(400);
    const garbled = await post('/web/api/sam/messages', '{"text": ');
    expect(garbled.status).toBe(400);
    expect(await garbled.text()).not.toMatch(/at .*\.js|SyntaxError/);
    expect((await messages('sam')).length).toBe(count);
  });

  it('lets the engine answer an empty line kindly', async () => {
    const result = await say('sam', '   ');
    expect(result.messages[1]?.text).toMatch(/empty/);
  });

  it('processes a retried submit (same event id) once', async () => {
    const first = await say('robin', 'help', 'retry-event-0001');
    const second = await say('robin', 'help', 'retry-event-0001');
    expect(first.status).toBe('replied');
    expect(second.status).toBe('duplicate');
    expect(second.messages.map((m) => m.from)).toEqual(['me']);
  });

  it('switches the page and both demo people to Dutch', async () => {
    expect((await post('/web/api/locale', { locale: 'de' })).status).toBe(400);
    expect((await post('/web/api/locale', { locale: 'nl' })).status).toBe(200);
    expect((await s.app.store.people.findByEmail('robin@demo.local'))?.locale).toBe('nl');
    const html = await (await get('/')).text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('Demo: Robin (coach)');
    const result = await say('robin', 'hulp');
    expect(result.messages[1]?.html).toContain('Dit kan ik voor je doen');
    expect(result.messages[1]?.html).toContain('Coachingsassistent');
    await post('/web/api/locale', { locale: 'en' });
  });

  it('stores proactive messages from the messenger in the right chat, marked as scheduled', async () => {
    const seq = (await messages('robin')).at(-1)?.seq ?? 0;
    const sent = await s.handle.messenger.send({ channel: 'web', tenantId: 'local', userId: 'robin' }, [
      { text: 'Sam prepared the next conversation', blocks: [{ kind: 'list', items: ['Topic one'] }] },
    ]);
    expect(sent.messageId).toMatch(/[0-9a-f-]{36}/);
    const fresh = await messages('robin', seq);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({ from: 'bot', kind: 'proactive', text: 'Sam prepared the next conversation' });
    expect(fresh[0]?.html).toContain('msg-proactive');
    expect(fresh[0]?.html).toContain('<li>Topic one</li>');
    expect(await messages('sam', seq)).toEqual([]);
    await expect(
      s.handle.messenger.send({ channel: 'slack', tenantId: 'T', userId: 'U' }, [{ text: 'x' }]),
    ).rejects.toBeInstanceOf(DeliveryError);
  });

  it('reports the development clock it reads', async () => {
    const state = (await (await get('/web/api/state')).json()) as { now: string; devClock: boolean };
    expect(state.devClock).toBe(true);
    expect(Math.abs(new Date(state.now).getTime() - s.clock.now().getTime())).toBeLessThan(5_000);
  });
});

describe('web chat directory', () => {
  let s: WebServer;
  beforeAll(async () => {
    s = await startWebServer();
  });
  afterAll(() => s.close());

  it('resolves the demo coach by name, mention or e-mail address', async () => {
    const directory = s.handle.directory!;
    const sam = { channel: 'web' as const, tenantId: 'local', userId: 'sam' };
    for (const ref of ['Robin', '@robin', 'robin@demo.local', ' ROBIN. ']) {
      expect((await directory.resolve(sam, ref))?.identity, ref).toEqual({
        channel: 'web',
        tenantId: 'local',
        userId: 'robin',
      });
    }
    expect((await directory.resolve(sam, 'Robin'))?.profile).toEqual({
      displayName: 'Robin',
      email: 'robin@demo.local',
    });
  });

  it('never resolves the sender themself, nor a stranger', async () => {
    const directory = s.handle.directory!;
    const sam = { channel: 'web' as const, tenantId: 'local', userId: 'sam' };
    expect(await directory.resolve(sam, 'Sam')).toBeNull();
    expect(await directory.resolve(sam, 'sam@demo.local')).toBeNull();
    expect(await directory.resolve(sam, 'Alex')).toBeNull();
    expect(await directory.resolve(sam, 'alex@example.com')).toBeNull();
    expect(await directory.resolve(sam, '')).toBeNull();
  });

  it('finds another web person by e-mail address', async () => {
    await s.app.store.people.upsertByIdentity(
      { channel: 'web', tenantId: 'local', userId: 'kim' },
      { displayName: 'Kim', email: 'kim@example.com' },
      {
        locale: 'en',
        timeZone: 'Europe/Amsterdam',
        workingHours: { start: '09:00', end: '17:30', days: [1, 2, 3, 4, 5] },
      },
    );
    const found = await s.handle.directory!.resolve(
      { channel: 'web', tenantId: 'local', userId: 'sam' },
      'Kim@Example.com',
    );
    expect(found?.identity.userId).toBe('kim');
  });
});

describe('when the web chat starts', () => {
  it('offers no time controls in production with WEB_CHAT=on (DEV_CLOCK=true is refused there)', async () => {
    const s = await startWebServer({ NODE_ENV: 'production', WEB_CHAT: 'on', DEV_CLOCK: '' });
    try {
      const html = await (await fetch(`${s.baseUrl}/`)).text();
      expect(html).not.toContain('data-clock=');
      expect(html).toContain('The development clock is not available');
      expect(await (await fetch(`${s.baseUrl}/web/api/state`)).json()).toMatchObject({ devClock: false });
    } finally {
      await s.close();
    }
  });

  it('stays off in production unless WEB_CHAT=on, and when Slack is configured in development', async () => {
    const s = await startWebServer();
    try {
      const base = channelContext(s.app, s.config, express.Router(), silentLogger);
      expect(await startWeb({ ...base, config: loadConfig({ NODE_ENV: 'production' }) })).toBeNull();
      expect(
        await startWeb({
          ...base,
          config: loadConfig({ NODE_ENV: 'development', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }),
        }),
      ).toBeNull();
      expect(base.router.stack).toHaveLength(0);
      expect(
        await startWeb({ ...base, config: loadConfig({ NODE_ENV: 'production', WEB_CHAT: 'on' }) }),
      ).not.toBeNull();
      expect(base.router.stack.length).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });
});
