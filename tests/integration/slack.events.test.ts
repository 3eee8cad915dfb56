/**
 * The Slack edge over HTTP: signed requests into Bolt's real ExpressReceiver on the shared HTTP server, the real engine
 * and store behind it, and a nock'd Slack Web API in front.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import { createLogger } from '../../src/logging.js';
import {
  BOT_TOKEN,
  BOT_USER,
  dm,
  sign,
  SIGNING_SECRET,
  startSlackServer,
  TEAM,
  type SlackServer,
} from '../support/slack.server.js';

describe('Slack events over HTTP', () => {
  let s: SlackServer;
  beforeAll(async () => {
    s = await startSlackServer();
    s.api.user({ id: 'U0ANN', name: 'Ann', email: 'ann@example.com', tz: 'Europe/London', locale: 'en-GB' });
    s.api.user({ id: 'U0BRAM', name: 'Bram', email: 'bram@example.com', tz: 'Europe/Amsterdam', locale: 'nl-NL' });
  });
  afterAll(() => s.close());

  const body = JSON.stringify({ type: 'event_callback', team_id: TEAM, event_id: 'EvSIG', event: dm('U0ANN', 'help') });

  it('refuses a request with a wrong signature (401) and does nothing', async () => {
    const ts = Math.floor(Date.now() / 1000);
    const res = await s.post(body, {
      headers: { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts, 'not-the-secret') },
      unsigned: true,
    });
    expect(res.status).toBe(401);
    const tampered = await s.post(body, {
      headers: { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(`${body} `, ts) },
      unsigned: true,
    });
    expect(tampered.status).toBe(401);
    const missing = await s.post(body, { unsigned: true });
    expect(missing.status).toBe(401);
    await s.handle.idle();
    expect(await s.app.store.people.findByIdentity({ channel: 'slack', tenantId: TEAM, userId: 'U0ANN' })).toBeNull();
  });

  it('refuses a correctly signed request whose timestamp is older than 5 minutes (401)', async () => {
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await s.post(body, { timestamp: old });
    expect(res.status).toBe(401);
    await s.handle.idle();
    expect(s.api.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('answers the URL verification challenge when signed', async () => {
    const res = await s.post(JSON.stringify({ type: 'url_verification', token: 'legacy', challenge: 'c-123' }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: 'c-123' });
  });

  it('a DM reaches the engine with the sender profile, and the reply reaches chat.postMessage as Block Kit', async () => {
    const before = s.api.callsTo('chat.postMessage').length;
    const res = await s.event(dm('U0BRAM', 'hulp'));
    expect(res.status).toBe(200);
    const [post] = (await s.api.waitFor('chat.postMessage', before + 1)).slice(before);
    expect(post?.token).toBe(BOT_TOKEN);
    expect(post?.args.channel).toBe('D-U0BRAM');
    expect(String(post?.args.text)).toMatch(/\S/);
    const blocks = post?.args.blocks as {
      type: string;
      text?: { text: string };
      elements?: { action_id: string; value?: string; text: { text: string } }[];
    }[];
    // The reply's text first, then its blocks; the help buttons as an actions block with unique, decodable action ids.
    expect(blocks[0]?.type).toBe('section');
    expect(blocks.map((b) => b.text?.text ?? '').join('\n')).toMatch(/Dit kan ik voor je doen/);
    const actions = blocks.find((b) => b.type === 'actions');
    const ids = actions?.elements?.map((e) => e.action_id) ?? [];
    expect(ids.length).toBeGreaterThan(1);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^act\|0\|cmd$/);
    expect(actions?.elements?.[0]?.value).toBe('prepare');
    // The person was created from the Slack profile: name, e-mail, Dutch, Amsterdam.
    const bram = await s.app.store.people.findByIdentity({ channel: 'slack', tenantId: TEAM, userId: 'U0BRAM' });
    expect(bram).toMatchObject({
      displayName: 'Bram',
      email: 'bram@example.com',
      locale: 'nl',
      timeZone: 'Europe/Amsterdam',
    });
  });

  it('acknowledges before the engine runs: the HTTP answer comes while the turn is still waiting on Slack', async () => {
    // users.info for a new person is held until the acknowledgement has arrived; acknowledging after the turn would deadlock.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    s.api.user({ id: 'U0SLOW', name: 'Sam' });
    s.api.hold('users.info', gate);
    const before = s.api.callsTo('chat.postMessage').length;
    const res = await s.event(dm('U0SLOW', 'help'));
    expect(res.status).toBe(200);
    expect(s.api.callsTo('chat.postMessage')).toHaveLength(before);
    release();
    const posts = await s.api.waitFor('chat.postMessage', before + 1);
    expect(posts[before]?.args.channel).toBe('D-U0SLOW');
  });

  it('processes a platform retry of the same event once', async () => {
    await s.handle.idle();
    const before = s.api.callsTo('chat.postMessage').length;
    const event = dm('U0ANN', 'help');
    const first = await s.event(event, { eventId: 'EvRETRY1' });
    const retry = await s.event(event, {
      eventId: 'EvRETRY1',
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    const again = await s.event(event, {
      eventId: 'EvRETRY1',
      headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect([first.status, retry.status, again.status]).toEqual([200, 200, 200]);
    await s.api.waitFor('chat.postMessage', before + 1);
    await s.handle.idle();
    expect(s.api.callsTo('chat.postMessage').slice(before)).toHaveLength(1);
    // Stored once, done once, and what the person wrote is gone from it.
    const stored = await s.models.inbox.find({ _id: 'slack:EvRETRY1' }).lean();
    expect(stored).toEqual([expect.objectContaining({ status: 'done' })]);
    expect(stored[0]?.payload).toBeUndefined();
  });

  it('ignores its own messages, edits and other subtypes', async () => {
    await s.handle.idle();
    const before = s.api.calls.length;
    await s.event(dm(BOT_USER, 'I am the bot'));
    await s.event(dm('U0ANN', 'bot post', { bot_id: 'B0OTHER' }));
    await s.event(dm('U0ANN', 'edited', { subtype: 'message_changed' }));
    await s.event(dm('U0ANN', 'joined', { subtype: 'channel_join' }));
    await s.event({ ...dm('U0ANN', 'in a channel'), channel_type: 'channel', channel: 'C0GENERAL' });
    await s.handle.idle();
    expect(s.api.calls.slice(before).filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('a slash command is answered in the DM, never in the channel it was typed in', async () => {
    await s.handle.idle();
    const before = s.api.callsTo('chat.postMessage').length;
    const res = await s.command('U0ANN', 'help');
    expect(res.status).toBe(200);
    const posts = await s.api.waitFor('chat.postMessage', before + 1);
    expect(posts[before]?.args.channel).toBe('D-U0ANN');
    expect(s.api.callsTo('conversations.open').at(-1)?.args.users).toBe('U0ANN');
    const blocks = posts[before]?.args.blocks as { text?: { text: string } }[];
    expect(blocks.map((b) => b.text?.text ?? '').join('\n')).toMatch(/what I can do/i);
  });

  it("meets garbled input (with Slack markup in it) with the engine's kind answer", async () => {
    await s.handle.idle();
    const before = s.api.callsTo('chat.postMessage').length;
    await s.event(dm('U0ANN', 'asdf &lt;qwerty&gt; <mailto:x@example.com|x@example.com>'));
    const posts = await s.api.waitFor('chat.postMessage', before + 1);
    expect(renderPlainText({ text: String(posts[before]?.args.text) })).toMatch(/not sure what you mean/);
  });
});

describe('Slack when auth.test fails once at first', () => {
  let s: SlackServer;
  beforeAll(async () => {
    s = await startSlackServer();
    s.api.user({ id: 'U0ANN', name: 'Ann' });
    s.api.once('auth.test', 500, { ok: false }).once('auth.test', 500, { ok: false });
  });
  afterAll(() => s.close());

  it('still answers the event that came in during the failure, and asks again later: a failure is not kept', async () => {
    const first = await s.event(dm('U0ANN', 'help'));
    expect(first.status).toBe(200);
    const [post] = await s.api.waitFor('chat.postMessage', 1);
    expect(post?.args.channel).toBe('D-U0ANN');
    expect(s.api.callsTo('auth.test')).toHaveLength(2);
    await s.event(dm('U0ANN', 'help'));
    await s.api.waitFor('chat.postMessage', 2);
    await s.event(dm('U0ANN', 'help'));
    await s.api.waitFor('chat.postMessage', 3);
    // Asked again once after the failure, then kept.
    expect(s.api.callsTo('auth.test')).toHaveLength(3);
  });
});

describe('Slack logs', () => {
  it('never contain a token, the signing secret or what a person wrote, even at debug level', async () => {
    const lines: string[] = [];
    const destination = { write: (line: string) => void lines.push(line) };
    const logger = createLogger({ level: 'debug', secrets: [BOT_TOKEN, SIGNING_SECRET], destination });
    const s = await startSlackServer({}, { logger });
    try {
      s.api.user({ id: 'U0ANN', name: 'Ann' });
      await s.event(dm('U0ANN', 'my very private reflection about Bob'));
      await s.api.waitFor('chat.postMessage', 1);
      await s.command('U0ANN', 'another private remark');
      await s.api.waitFor('chat.postMessage', 2);
      await s.command('U0ANN', 'help');
      await s.api.waitFor('chat.postMessage', 3);
      await s.post('{"type":"event_callback"}', { secret: 'wrong-secret' });
      await s.handle.idle();
    } finally {
      await s.close();
    }
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    expect(log).toMatch(/slack-sdk/);
    // Request bodies are never logged: a reply can quote what a person wrote (the help text stands in for one here).
    for (const secret of [
      BOT_TOKEN,
      SIGNING_SECRET,
      'private reflection',
      'private remark',
      'Here is what I can do for you',
    ])
      expect(log).not.toContain(secret);
  });
});
