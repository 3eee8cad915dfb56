/**
 * The web chat over HTTP: its transcript is sealed at rest (the page still shows it), `my data` offers the export as
 * a download, and `delete my data` removes the person with their transcript and its key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../support/web.server.js';
import { phrasesAtRest } from '../support/at-rest.js';

interface View {
  from: 'me' | 'bot';
  text: string;
  html: string;
}

describe('privacy in the web chat', () => {
  let s: WebServer;
  const say = async (user: string, text: string) =>
    (await (
      await fetch(`${s.baseUrl}/web/api/${user}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      })
    ).json()) as { messages: View[] };
  const messages = async (user: string) =>
    ((await (await fetch(`${s.baseUrl}/web/api/${user}/messages?after=0`)).json()) as { messages: View[] }).messages;

  beforeAll(async () => {
    s = await startWebServer();
  });
  afterAll(() => s.close());

  it('keeps the transcript sealed at rest while the page shows it', async () => {
    await say('sam', 'start');
    await say('sam', 'Become calmer around the pelican deadline');
    const shown = await messages('sam');
    expect(shown.some((m) => m.from === 'me' && /pelican deadline/.test(m.text))).toBe(true);
    expect(await phrasesAtRest(s.connection, ['pelican deadline'])).toEqual([]);
  });

  it('my data comes as a download; delete my data removes the transcript and its key', async () => {
    const exported = await say('sam', 'my data');
    const reply = exported.messages.find((m) => m.from === 'bot' && /everything I hold about you/.test(m.text));
    expect(reply?.html).toMatch(/my-data-\d{4}-\d{2}-\d{2}\.md/);
    const samId = (await s.app.store.people.findByEmail('sam@demo.local'))?.id ?? '';
    expect(samId).not.toBe('');
    await say('sam', 'delete my data');
    const confirm = (await messages('sam')).reverse().find((m) => /Shall I delete all your data/.test(m.text));
    const button = /data-action="(privacy\.erase)"(?: data-value="([^"]*)")?/.exec(confirm?.html ?? '');
    expect(button).not.toBeNull();
    const pressed = await fetch(`${s.baseUrl}/web/api/sam/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        action: button?.[1],
        ...(button?.[2] ? { value: button[2].replace(/&quot;/g, '"') } : {}),
      }),
    });
    expect(pressed.status).toBe(200);
    expect(JSON.stringify(await pressed.json())).toMatch(/your data has been deleted/);
    expect(await s.app.store.people.get(samId)).toBeNull();
    const dataKeys = s.connection.getClient().db(s.connection.name).collection<{ _id: string }>('data_keys');
    expect(await dataKeys.countDocuments({ _id: { $in: [`person:${samId}`] } })).toBe(0);
    // Only the deletion exchange itself may remain in the (sealed, new-keyed) transcript; nothing said before it.
    expect((await messages('sam')).some((m) => /pelican/.test(m.text))).toBe(false);
    expect(await phrasesAtRest(s.connection, [samId, 'pelican'])).toEqual([]);
  });
});
