/**
 * Ending a list in a sentence: "no, that's all", "that's it, thanks", "nee, dat was het, bedankt" — a lead-in ("no",
 * "ok", "nee hoor") and thanks around the words that end a list. They end the preparation's lists and "What else did
 * you agree?", and typed at "How feasible is this by …?" they are no note on the agreement: in a wrap-up they end its
 * list of agreements. An item that merely starts with "no" ("No meetings on Friday") is still an item.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import type { MemoryHarness } from '../support/memory/harness.js';
import type { ScriptedUser } from '../support/scripted-client.js';
import { typedPair, typedPreparation, type MemoryPair, type TypedLocale } from '../support/typed-journey.js';

const preparationOf = async ({ h, trajectoryId }: MemoryPair) =>
  (await h.sessions.listForTrajectory(trajectoryId))[0]?.preparation;

const notesOf = async (h: MemoryHarness, trajectoryId: string) =>
  (await h.agreements.listForTrajectory(trajectoryId)).map((a) => [
    a.what,
    a.history.filter((e) => e.change === 'note').map((e) => e.note),
  ]);

/** The preparation opened and skipped up to "What has gone well for you lately?". */
async function toSuccesses(locale: TypedLocale): Promise<MemoryPair> {
  const pair = await typedPreparation(locale);
  for (let i = 0; i < 6; i++) await pair.sam.send('skip');
  return pair;
}

async function skipTo(sam: ScriptedUser, done: RegExp) {
  for (let i = 0; i < 25 && !done.test(renderPlainText(await sam.last())); i++) await sam.send('skip');
}

/** Prepared and sent; the conversation took place; "What did you agree?" is asked. */
async function wrappingUp(locale: TypedLocale): Promise<MemoryPair> {
  const pair = await typedPreparation(locale);
  const { h, sam, nl } = pair;
  await skipTo(sam, nl ? /Je voorbereiding voor/ : /Your preparation for/);
  await sam.send(nl ? 'versturen' : 'send');
  h.clock.set('2026-12-10T15:10:00Z');
  await h.deliverDue();
  await sam.send(nl ? 'ja, we hebben elkaar gesproken' : 'yes, we met');
  return pair;
}

describe("the preparation's lists end with a lead-in and thanks around the words", () => {
  it('in English', async () => {
    const pair = await toSuccesses('en-GB');
    const { sam } = pair;
    await sam.send('The second talk felt calmer').expectReply(/What else went well/);
    await sam.send("That's it, thanks").expectReply(/What could go even better/);
    await sam.send('No meetings on Friday').expectReply(/What else could go even better/);
    await sam.send("ok, that's all").expectReply(/Where would you like support/);
    await sam.send('No more late evenings').expectReply(/What else could Robin support you with/);
    await sam.send('No, that’s all for now. Thank you!').expectReply(/Which topics/);
    expect(await preparationOf(pair)).toMatchObject({
      successes: ['The second talk felt calmer'],
      improvements: ['No meetings on Friday'],
      support: ['No more late evenings'],
    });
  });

  it('in Dutch', async () => {
    const pair = await toSuccesses('nl-NL');
    const { sam } = pair;
    await sam.send('De tweede presentatie voelde rustiger').expectReply(/Wat ging er nog meer goed/);
    await sam.send('nee, dat was het, bedankt').expectReply(/Wat zou nog beter kunnen/);
    await sam.send('Nee zeggen tegen extra werk').expectReply(/Wat zou er nog meer beter kunnen/);
    await sam.send('Oké, dat was het wel').expectReply(/Waarbij wil je graag steun/);
    await sam.send('Niet meer overwerken').expectReply(/Waarbij zou Robin je nog meer/);
    await sam.send('Nee hoor, verder niets. Dank je!').expectReply(/Welke onderwerpen/);
    expect(await preparationOf(pair)).toMatchObject({
      successes: ['De tweede presentatie voelde rustiger'],
      improvements: ['Nee zeggen tegen extra werk'],
      support: ['Niet meer overwerken'],
    });
  });
});

describe('wrapping up: "How feasible is this?" and "What else did you agree?"', () => {
  it.each([
    ['en-GB', 'Practise the opening', 'in two weeks', "No, that's all", /when will you meet next/],
    ['en-GB', 'Practise the opening', 'in two weeks', "that's it, thanks", /when will you meet next/],
    ['nl-NL', 'De opening oefenen', 'over twee weken', 'Nee, dat was het.', /volgende gesprek/],
  ] as const)(
    '%s: %j … %j at the feasibility question ends the list, no note',
    async (locale, what, when, end, next) => {
      const pair = await wrappingUp(locale);
      const { h, sam, trajectoryId } = pair;
      await sam.send(what).send(when);
      await sam.send(locale === 'nl-NL' ? 'ja' : 'yes').expectReply(/How feasible|Hoe haalbaar/);
      await sam.send(end).expectReply(next);
      expect(await notesOf(h, trajectoryId)).toEqual([[what, []]]);
    },
  );

  it('a plain "nope" at the feasibility question is an answer to it, kept as a note', async () => {
    const { h, sam, trajectoryId } = await wrappingUp('en-GB');
    await sam.send('Practise the opening').send('in two weeks').send('yes');
    await sam.send('Nope').expectReply(/Noted: “Nope”/);
    expect(await notesOf(h, trajectoryId)).toEqual([['Practise the opening', ['Nope']]]);
  });

  it.each([
    ['en-GB', 'Practise the opening', 'in two weeks', 'Feasible', "Ok, that's it. Thanks!", /when will you meet next/],
    ['nl-NL', 'De opening oefenen', 'over twee weken', 'Haalbaar', 'nee, dat was het, bedankt', /volgende gesprek/],
  ] as const)('%s: "What else did you agree?" … %j', async (locale, what, when, feasible, end, next) => {
    const { h, sam, trajectoryId } = await wrappingUp(locale);
    await sam
      .send(what)
      .send(when)
      .send(locale === 'nl-NL' ? 'ja' : 'yes')
      .send(feasible)
      .expectReply(/What else did you agree|Wat hebben jullie nog meer afgesproken/);
    await sam.send(end).expectReply(next);
    expect((await h.agreements.listForTrajectory(trajectoryId)).map((a) => a.what)).toEqual([what]);
  });
});

describe('"How feasible is this?" asked as a message, answered with a list ending', () => {
  it.each([
    ['en', "no, that's all", /“Book a room” stays as it is/],
    ['nl', 'nee, dat was het', /“Book a room” blijft zoals het is/],
  ] as const)('%s: %j is no note on the agreement', async (lang, end, said) => {
    const nl = lang === 'nl';
    const { h, sam, trajectoryId } = await typedPair(nl ? 'nl-NL' : 'en-GB');
    await sam.send(nl ? 'afspraken' : 'agreements').press(nl ? 'Formulier gebruiken' : 'Use the form');
    await sam
      .submit({ owner: 'employee', what: 'Book a room', due: '2026-12-08' })
      .expectReply(/How feasible|Hoe haalbaar/);
    await sam.send(end).expectReply(said);
    expect(await notesOf(h, trajectoryId)).toEqual([['Book a room', []]]);
  });
});

describe('"How feasible is this?" for an agreement added from the agreements list, step by step', () => {
  it.each([
    ['en', 'me', 'Book a room', 'next friday', 'yes', "That's it, thanks", /“Book a room” stays as it is/],
    ['nl', 'ik', 'Een zaal boeken', 'volgende vrijdag', 'ja', 'Nee, dat was het', /“Een zaal boeken” blijft zoals/],
  ] as const)('%s: a list ending is no note', async (lang, who, what, when, yes, end, said) => {
    const nl = lang === 'nl';
    const { h, sam, trajectoryId } = await typedPair(nl ? 'nl-NL' : 'en-GB');
    await sam.send(nl ? 'afspraken' : 'agreements').press(nl ? 'Afspraak toevoegen' : 'Add an agreement');
    await sam.send(who).send(what).send(when);
    await sam.send(yes).expectReply(/How feasible|Hoe haalbaar/);
    await sam.send(end).expectReply(said);
    expect(await notesOf(h, trajectoryId)).toEqual([[what, []]]);
  });
});
