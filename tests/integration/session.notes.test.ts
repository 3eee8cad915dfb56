/**
 * Notes on a conversation in MongoDB: typed in reply to "did it take place?", stored sealed under the trajectory's
 * key (never in the clear at rest), read back by the repository, in `my data` (all notes for the coachee, their own
 * for the coach), and gone after `delete my data`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phrasesAtRest } from '../support/at-rest.js';
import { startTrajectory } from '../support/journeys.js';
import { createHarness, type Harness } from '../support/scripted-client.js';

describe('notes on a conversation, stored', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ start: '2026-12-01T08:00:00Z', label: 'session-notes' });
  });
  afterAll(() => h.close());

  it('are sealed at rest, exported to whom they belong, and erased', async () => {
    const sam = h.user('sam', { displayName: 'Sam', email: 'sam@example.com', locale: 'en-GB' });
    const robin = h.user('robin', { displayName: 'Robin', email: 'robin@example.com', locale: 'en-GB' });
    const trajectoryId = await startTrajectory(h, sam, robin, { first: '2026-12-10 14:00' });
    h.clock.set('2026-12-10T14:20:00Z');
    await h.deliverDue();
    await robin
      .expectReply(/Did it take place/)
      .send('Spent it mostly on the walrus budget')
      .expectReply(/Noted for your conversation .*“Spent it mostly on the walrus budget”/);
    await sam
      .expectReply(/Did it take place/)
      .send('We met, the pelican demo went well')
      .expectReply(
        /Noted for your conversation .*“We met, the pelican demo went well”\nRobin sees this note in the agenda of your next/,
      );

    const [session] = await h.app.store.sessions.listForTrajectory(trajectoryId);
    expect(session!.status).toBe('held');
    expect(session!.notes?.map((n) => [n.role, n.text])).toEqual([
      ['coach', 'Spent it mostly on the walrus budget'],
      ['employee', 'We met, the pelican demo went well'],
    ]);
    expect(await phrasesAtRest(h.connection, ['walrus budget', 'pelican demo'])).toEqual([]);

    await sam.send('my data');
    const samExport = (await sam.last()).files ?? [];
    expect(samExport[0]?.content).toMatch(/Note by the coach on .*: Spent it mostly on the walrus budget/);
    expect(samExport[0]?.content).toMatch(/Note by the coachee on .*: We met, the pelican demo went well/);
    expect(samExport[1]?.content).toMatch(/pelican demo/);
    await robin.send('my data');
    const robinExport = (await robin.last()).files ?? [];
    expect(robinExport[0]?.content).toMatch(/Note by the coach on .*: Spent it mostly on the walrus budget/);
    expect(robinExport.map((f) => f.content).join('\n')).not.toMatch(/pelican/);

    await sam.send('delete my data').expectReply(/Shall I delete all your data/);
    await sam.press('Yes, delete everything').expectReply(/your data has been deleted/);
    expect(await h.app.store.sessions.get(session!.id)).toBeNull();
    expect(await phrasesAtRest(h.connection, ['walrus', 'pelican'])).toEqual([]);
  });
});
