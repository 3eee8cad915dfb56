/**
 * A coach that listens (issue 14): typed answers to the reminders the bot sends on its own, in English and Dutch.
 * The answer lands on the agreement it was about (quoted back, status read from the words and correctable), an
 * answer without status words is kept as a note, and a reminder that arrives while a flow is open takes the next
 * typed reply (the most recent question wins) and then hands back to the flow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTrajectory } from '../support/journeys.js';
import { createHarness, expectPositiveWording, type Harness, type ScriptedUser } from '../support/scripted-client.js';

/** Moves the clock a day at a time (09:00 Amsterdam) until the user receives a reply matching `re`. */
async function untilReply(h: Harness, user: ScriptedUser, re: RegExp, days = 14): Promise<void> {
  for (let i = 0; i < days; i++) {
    const before = user.transcript.length;
    await h.advance(24 * 60 * 60_000);
    await user;
    if (user.transcript.slice(before).some((r) => re.test(r.text))) return;
  }
  throw new Error(`no reply matching ${String(re)}`);
}

describe('typed answers to reminders', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ start: '2026-12-01T08:00:00Z', label: 'listening' });
  });
  afterAll(() => h.close());

  it('in English: each answer lands on the agreement, quoted back, status read and correctable', async () => {
    const sam = h.user('sam', { displayName: 'Sam', email: 'sam@example.com', locale: 'en-GB' });
    const robin = h.user('robin', { displayName: 'Robin', email: 'robin@example.com', locale: 'en-GB' });
    const trajectoryId = await startTrajectory(h, sam, robin, { first: '2026-12-22 14:00' });
    await sam
      .send('agreements')
      .press('Add an agreement')
      .press('Sam')
      .send('Rehearse the intro with a timer')
      .send('2026-12-18')
      .press('Yes')
      .expectReply(/Agreed: you will take on/);

    // The reminder before the date asks how it is going; Sam answers in words, with a flow open meanwhile.
    await sam.send('prepare').expectReply(/What would you like to get out of coaching with Robin/);
    h.clock.set('2026-12-14T07:00:00Z');
    await untilReply(h, sam, /Coming up: your agreement “Rehearse the intro with a timer”/);
    await sam
      .send('I am stuck on finding a quiet room')
      .expectReply(/Noted for “Rehearse the intro with a timer”: “I am stuck on finding a quiet room”/)
      .expectReply(/I read this as: \*Stuck\*/)
      .expectReply(/Back to where we were/)
      .expectReply(/What would you like to get out of coaching with Robin/);
    // The next typed reply belongs to the flow again.
    await sam.send('Clear next steps').expectReply(/How do you learn best/);

    // Correcting the status read from the words.
    await sam.press('Busy with it').expectReply(/Noted: work on “Rehearse the intro with a timer” is under way\./);

    // An answer without status words is kept as a note, never refused.
    await sam.send('stop');
    // The second and last reminder comes after the date (Friday 18th), on Tuesday the 22nd.
    h.clock.set('2026-12-20T08:30:00Z');
    await untilReply(h, sam, /A gentle check-in: how is your agreement “Rehearse the intro with a timer”/);
    await sam
      .send('Talked to Kim about a room')
      .expectReply(/Noted for “Rehearse the intro with a timer”: “Talked to Kim about a room”/)
      .expectReply(/Where does it stand\?/);
    const [agreement] = await h.app.store.agreements.listForTrajectory(trajectoryId);
    const notes = agreement!.history.filter((e) => e.change === 'note').map((e) => [e.note ?? '', e.to ?? '']);
    expect(notes).toEqual([
      ['I am stuck on finding a quiet room', 'stuck'],
      ['', 'in_progress'],
      ['Talked to Kim about a room', ''],
    ]);

    // "Did it take place?" answered in words. Words that say neither are quoted back and the question is asked again.
    h.clock.set('2026-12-22T14:20:00Z');
    await h.deliverDue();
    await robin
      .expectReply(/Did it take place/)
      .send('Sam brought good questions')
      .expectReply(/Noted for your conversation of Tuesday 22 December 2026 at 14:00: “Sam brought good questions”/)
      .expectReply(/Did your conversation with Sam take place\? Your own words are fine/);
    await sam
      .expectReply(/Did it take place/)
      .send('Yes, we met and it went well')
      .expectReply(/Noted for your conversation of .*“Yes, we met and it went well”/)
      .expectReply(/What will you do yourself/);
    const [held] = await h.app.store.sessions.listForTrajectory(trajectoryId);
    expect(held!.status).toBe('held');

    // The evaluation: said beforehand that it is shared at once; words instead of a number are the open answer
    // itself, kept without a rating; the coach sees it at once, without having to answer first.
    await sam.press(/^(That's all|No agreements this time)$/).expectReply(/Your rhythm suggests/);
    await sam
      .press('Plan it then')
      .expectReply(
        /your answers go to Robin straight away.*neither of you has to answer first.*How valuable was this/s,
      );
    await sam.send('Shorter and more focused next time').expectReply(/I have shared your answer with Robin/);
    await h.deliverDue();
    await robin.expectReply(
      (_r, text) =>
        /Sam looked back on your conversation/.test(text) &&
        /Shorter and more focused next time/.test(text) &&
        !/rating/.test(text), // a rating not given is left out, not shown as "no rating"
    );
    const [first] = await h.app.store.sessions.listForTrajectory(trajectoryId);
    expect(first!.evaluations.employee).toMatchObject({ comment: 'Shorter and more focused next time' });
    expect(first!.evaluations.employee?.rating).toBeUndefined();
    expect(first!.evaluations.coach).toBeUndefined();
    expectPositiveWording(sam, robin);
  });

  it('in Dutch: "klaar" completes the agreement, "nog niet begonnen" is read as not started', async () => {
    const noor = h.user('noor', { displayName: 'Noor', email: 'noor@voorbeeld.nl', locale: 'nl-NL' });
    const jan = h.user('jan', { displayName: 'Jan', email: 'jan@voorbeeld.nl', locale: 'nl-NL' });
    h.clock.set('2026-12-01T08:00:00Z');
    await jan.send('hallo');
    await noor
      .send('start')
      .send('Rustiger leidinggeven')
      .send('jan@voorbeeld.nl')
      .press('elke 14 dagen')
      .send('2026-12-22 14:00')
      .press('60 min')
      .press('Verstuur de uitnodiging');
    await h.deliverDue();
    await jan.press('Accepteren');
    await h.deliverDue();
    const [trajectory] = await h.app.store.trajectories.listForPerson((await noor.person()).id);
    const trajectoryId = trajectory!.id;
    await noor
      .send('afspraken')
      .press('Afspraak toevoegen')
      .press('Noor')
      .send('Elke vrijdag de planning maken')
      .send('2026-12-18')
      .press('Ja')
      .expectReply(/Afgesproken: jij pakt/)
      .expectReply(/Hoe haalbaar is dit/)
      .press('Haalbaar');
    await noor
      .send('afspraken')
      .press('Afspraak toevoegen')
      .press('Noor')
      .send('Twee keer nee zeggen')
      .send('2026-12-18')
      .press('Ja')
      .expectReply(/Afgesproken: jij pakt/)
      .expectReply(/Hoe haalbaar is dit/)
      .press('Haalbaar');
    h.clock.set('2026-12-14T07:00:00Z');
    await untilReply(h, noor, /Binnenkort: je afspraak “Twee keer nee zeggen/);
    // The most recent reminder takes the reply.
    const recent = noor.transcript
      .filter((r) => /Binnenkort: je afspraak/.test(r.text))
      .map((r) => r.text)
      .pop();
    const about = /Twee keer nee zeggen/.test(recent ?? '') ? 'Twee keer nee zeggen' : 'Elke vrijdag de planning maken';
    await noor
      .send('Nog niet begonnen, volgende week')
      .expectReply(new RegExp(`Genoteerd bij “${about}”: “Nog niet begonnen, volgende week”`))
      .expectReply(/Ik lees hierin: \*Nog niet begonnen\*/);
    // The other reminder is still open: the next reply goes there.
    const other = about === 'Twee keer nee zeggen' ? 'Elke vrijdag de planning maken' : 'Twee keer nee zeggen';
    await noor.send('Klaar!').expectReply(new RegExp(`Genoteerd bij “${other}”: “Klaar!”`));
    const agreements = await h.app.store.agreements.listForTrajectory(trajectoryId);
    expect(agreements.find((a) => a.what === other)?.status).toBe('done');
    expect(agreements.find((a) => a.what === about)?.history.at(-1)).toMatchObject({
      change: 'note',
      note: 'Nog niet begonnen, volgende week',
      to: 'not_started',
    });
    // Nothing left open: a typed message is not taken as an answer to anything.
    await noor.send('Zomaar een zin').expectReply(/Ik weet niet precies wat je bedoelt/);
    await noor.send('Hoi').expectReply(/^Hallo Noor/);
    expectPositiveWording(noor, jan);
  });
});
