/**
 * A person's data rights through the scripted client, in English and in Dutch: `my data` gives a readable export
 * (Markdown + JSON files), `delete my data` asks first, then removes everything that names them; the other person is
 * told the trajectory ended. Afterwards no document in any collection (read with the driver) holds their id or text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import { createHarness, type Harness } from '../support/scripted-client.js';
import { startTrajectory } from '../support/journeys.js';
import { phrasesAtRest } from '../support/at-rest.js';

describe('my data / delete my data', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ label: 'privacy' });
  });
  afterAll(() => h.close());

  it('exports everything as Markdown and JSON, then deletes it all after a confirmation (English)', async () => {
    const sam = h.user('sam', { displayName: 'Sam', email: 'sam@example.com', locale: 'en' });
    const robin = h.user('robin', { displayName: 'Robin', email: 'robin@example.com', locale: 'en' });
    const trajectoryId = await startTrajectory(h, sam, robin, { goal: 'Speak up in the zebra meeting' });
    const samId = (await sam.person()).id;

    await sam.send('my data').expectReply(/everything I hold about you/);
    const exported = await sam.last();
    const [markdown, json] = exported.files ?? [];
    expect(markdown?.filename).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.md$/);
    expect(markdown?.content).toMatch(/# Everything the coaching assistant holds about Sam/);
    expect(markdown?.content).toMatch(/Coaching trajectory: Speak up in the zebra meeting/);
    expect(markdown?.content).toMatch(/your coach is Robin/);
    const data = JSON.parse(json?.content ?? '{}') as { person: { id: string }; trajectories: { goal: string }[] };
    expect(data.person.id).toBe(samId);
    expect(data.trajectories.map((t) => t.goal)).toEqual(['Speak up in the zebra meeting']);

    await sam.send('delete my data').expectReply(/Shall I delete all your data\? .*1 coaching trajectories/);
    await sam.press('Keep my data').expectReply(/everything stays as it was/);
    expect(await h.app.store.trajectories.get(trajectoryId)).not.toBeNull();

    await sam.send('delete my data').expectReply(/Shall I delete all your data/);
    await sam.press('Yes, delete everything').expectReply(/your data has been deleted/);
    await h.deliverDue();
    await robin.expectReply(/Your coaching trajectory as coach, started on .* has ended: the other person asked/);

    expect(await h.app.store.people.get(samId)).toBeNull();
    expect(await h.app.store.trajectories.get(trajectoryId)).toBeNull();
    expect(await phrasesAtRest(h.connection, [samId, 'zebra', 'sam@example.com'])).toEqual([]);
    // Robin is still there, and can start afresh.
    await robin.send('start').expectReply(/goal/);
  });

  it('works the same in Dutch, for the coach deleting their data', async () => {
    const noor = h.user('noor', { displayName: 'Noor', email: 'noor@example.com', locale: 'nl-NL' });
    const jan = h.user('jan', { displayName: 'Jan', email: 'jan@example.com', locale: 'nl-NL' });
    await noor.send('hulp').expectReply(/Dit kan ik voor je doen/);
    await jan.send('coach iemand').expectReply(/Wie wil je coachen/);
    await jan.send('noor@example.com').expectReply(/Naar welk doel wil Noor toewerken/);
    await jan.send('Rustiger presenteren bij de giraffe').expectReply(/Hoe vaak/);
    await jan.send('elke 3 weken').expectReply(/eerste gesprek/);
    await jan.send('volgende week donderdag om 10:00').expectReply(/Hoe lang/);
    await jan.send('45').expectReply(/Zal ik de uitnodiging versturen/);
    await jan.press('Verstuur de uitnodiging').expectReply(/Uitnodiging verstuurd naar Noor/);
    await h.deliverDue();
    await noor.press('Accepteren').expectReply(/Jan is nu je coach/);
    await h.deliverDue();
    const janId = (await jan.person()).id;

    await jan.send('mijn gegevens').expectReply(/alles wat ik over jou bewaar/);
    const md = (await jan.last()).files?.[0]?.content ?? '';
    expect(md).toMatch(/Coachingstraject: Rustiger presenteren bij de giraffe/);
    expect(md).toMatch(/Jij bent de coach van Noor/);

    await jan.send('verwijder mijn gegevens').expectReply(/Zal ik al je gegevens verwijderen/);
    await jan.press('Ja, verwijder alles').expectReply(/je gegevens zijn verwijderd/);
    await h.deliverDue();
    await noor.expectReply(/Je coachingstraject als coachee, begonnen op .* is beëindigd/);
    expect(await phrasesAtRest(h.connection, [janId, 'giraffe', 'jan@example.com'])).toEqual([]);
    expect(renderPlainText(await noor.last())).not.toMatch(/giraffe/);
  });
});
