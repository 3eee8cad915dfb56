/**
 * "How feasible is this by {date}?" for agreements made with the form from the agreements list (tip 4), asked as a
 * message so nothing else in the conversation changes: a preparation that was open stays where it was, the next typed
 * reply is kept as a note on the agreement and quoted back, and then the preparation goes on.
 */
import { describe, expect, it } from 'vitest';
import type { MemoryHarness } from '../support/memory/harness.js';
import { typedPair } from '../support/typed-journey.js';

const withCoach = (locale: 'en' | 'nl') => typedPair(locale === 'en' ? 'en-GB' : 'nl-NL');

const notesOf = async (h: MemoryHarness, trajectoryId: string) =>
  (await h.agreements.listForTrajectory(trajectoryId)).map((a) => [
    a.what,
    a.history.filter((e) => e.change === 'note').map((e) => e.note),
  ]);

describe('feasibility of agreements made with the form from the agreements list', () => {
  it('is asked once per agreement; a typed reply is a note on it, then the open preparation goes on', async () => {
    const { h, sam, trajectoryId } = await withCoach('en');
    await sam.send('prepare').expectReply(/What would you like to get out of coaching with Robin/);
    await sam
      .send('agreements')
      .press('Use the form')
      .expectReply(/agreement/i);
    await sam
      .submit({ owner: 'employee', what: 'Book a room to rehearse', due: '2026-12-08' })
      .expectReply(/Agreed: you will take on “Book a room to rehearse” by Tuesday 8 December 2026\./)
      .expectReply(/How feasible is this by Tuesday 8 December 2026\?/);
    await sam
      .send('Tight, the rooms are busy until Monday')
      .expectReply(/Noted for “Book a room to rehearse”: “Tight, the rooms are busy until Monday”/)
      .expectReply(/Back to where we were/)
      .expectReply(/What would you like to get out of coaching with Robin/);
    // The preparation takes the next reply again.
    await sam.send('Feel at ease in front of a group').expectReply(/How do you learn best/);
    // Several agreements in a row: each is asked about; the buttons answer too.
    await sam.send('agreements').press('Use the form');
    await sam
      .submit({ owner: 'employee', what: 'Rehearse twice', due: '2026-12-09' })
      .expectReply(/How feasible is this by Wednesday 9 December 2026\?/)
      .press('A stretch, but doable')
      .expectReply(/^Noted: “Rehearse twice” is a stretch, but you find it doable by Wednesday 9 December 2026\.$/);
    await h.deliverDue();
    expect(await notesOf(h, trajectoryId)).toEqual([
      ['Book a room to rehearse', ['Tight, the rooms are busy until Monday']],
      ['Rehearse twice', ['A stretch, but doable']],
    ]);
  });

  it('a proposal for the other person is not asked about (its owner is asked on accepting it)', async () => {
    const { sam } = await withCoach('en');
    await sam.send('agreements').press('Use the form');
    await sam
      .submit({ owner: 'coach', what: 'Send Sam two articles', due: '2026-12-08' })
      .expectReply(/I have asked Robin to accept it/);
    await sam.expectNoReply(/How feasible/);
  });

  it('in het Nederlands: het antwoord staat bij de afspraak', async () => {
    const { h, sam, trajectoryId } = await withCoach('nl');
    await sam.send('afspraken').press('Formulier gebruiken');
    await sam
      .submit({ owner: 'employee', what: 'Een zaal boeken', due: '2026-12-08' })
      .expectReply(/Hoe haalbaar is dit voor dinsdag 8 december 2026\?/);
    await sam.send('Goed te doen').expectReply(/Genoteerd bij “Een zaal boeken”: “Goed te doen”/);
    // A button's words, typed, are that button's answer: said back in a sentence, not quoted.
    await sam.send('afspraken').press('Formulier gebruiken');
    await sam
      .submit({ owner: 'employee', what: 'Twee keer oefenen', due: '2026-12-09' })
      .expectReply(/^Afgesproken: jij pakt “Twee keer oefenen” op, uiterlijk woensdag 9 december 2026\.$/)
      .send('haalbaar')
      .expectReply(/^Genoteerd: je vindt “Twee keer oefenen” haalbaar voor woensdag 9 december 2026\.$/);
    // With a yes before or a softener after it, still that button ("ja, haalbaar hoor"); more words are a note.
    await sam.send('afspraken').press('Formulier gebruiken');
    await sam
      .submit({ owner: 'employee', what: 'Jesse om een update vragen', due: '2026-12-10' })
      .expectReply(/Hoe haalbaar is dit/)
      .send('ja, haalbaar hoor')
      .expectReply(/^Genoteerd: je vindt “Jesse om een update vragen” haalbaar voor donderdag 10 december 2026\.$/);
    await sam.send('afspraken').press('Formulier gebruiken');
    await sam
      .submit({ owner: 'employee', what: 'Overdragen', due: '2026-12-11' })
      .expectReply(/Hoe haalbaar is dit/)
      .send('een uitdaging, maar het lukt wel')
      .expectReply(/Genoteerd bij “Overdragen”: “een uitdaging, maar het lukt wel”/);
    await h.deliverDue();
    expect(await notesOf(h, trajectoryId)).toEqual([
      ['Een zaal boeken', ['Goed te doen']],
      ['Twee keer oefenen', ['Haalbaar']],
      ['Jesse om een update vragen', ['Haalbaar']],
      ['Overdragen', ['een uitdaging, maar het lukt wel']],
    ]);
  });
});
