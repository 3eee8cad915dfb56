/**
 * In the wrap-up, a bare "yes", "ja", "ok", "oké" or "sure" typed at "What did Sam propose?", "What will you do
 * yourself?" or "What else did you agree?" says no agreement: it is answered kindly (a few words on who does what by
 * when, the form, or no agreements this time), the question is asked again, and nothing is recorded. The same in the
 * agreement's own "What exactly will be done?" and in the form.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import type { ScriptedUser } from '../support/scripted-client.js';
import { afterFirstConversation, typedPair } from '../support/typed-journey.js';

const CASES = [
  {
    locale: 'en-GB',
    yes: 'yes',
    bare: ['yes', 'ok', 'Sure!', 'yes please', 'oké', '👍'],
    words: /a few words: who does what, and by when\? For example “Update the team planning by Friday”/,
    none: /Or use the form, or choose “No agreements this time”/,
    all: /Or use the form, or choose “That's all”/,
    coach: /What did Sam propose to do\?/,
    employee: /What will you do yourself\?/,
    more: /What else did you agree\?/,
    again: /What did you agree\?[^]*Agreed so far:\n- Sam: Practise the opening three times/,
    what: /What exactly will be done\?/,
    whatAgain: /What will be done\? A short sentence is enough/,
    whatAgainText: 'What will be done? A short sentence is enough.',
    agreement: 'Practise the opening three times',
    when: 'in two weeks',
    feasible: 'Feasible',
    ok: 'ok',
    add: 'Add an agreement',
    form: 'Use the form',
    by: /By when will it be done/,
    next: /when will you meet next/,
  },
  {
    locale: 'nl-NL',
    yes: 'ja',
    bare: ['ja', 'oké', 'Ja hoor.', 'prima', 'yes', 'jep'],
    words:
      /een paar woorden nodig: wie doet wat, en wanneer\? Bijvoorbeeld “De teamplanning bijwerken, uiterlijk vrijdag”/,
    none: /Of gebruik het formulier, of kies “Deze keer geen afspraken”/,
    all: /Of gebruik het formulier, of kies “Dat was het”/,
    coach: /Wat stelde Sam zelf voor\?/,
    employee: /Wat ga je zelf doen\?/,
    more: /Wat hebben jullie nog meer afgesproken\?/,
    again: /Wat hebben jullie afgesproken\?[^]*Tot nu toe afgesproken:\n- Sam: De opening drie keer oefenen/,
    what: /Wat wordt er precies gedaan\?/,
    whatAgain: /Wat wordt er gedaan\? Een korte zin is genoeg/,
    whatAgainText: 'Wat wordt er gedaan? Een korte zin is genoeg.',
    agreement: 'De opening drie keer oefenen',
    when: 'over twee weken',
    feasible: 'Haalbaar',
    ok: 'oké',
    add: 'Afspraak toevoegen',
    form: 'Formulier gebruiken',
    by: /Wanneer is het uiterlijk klaar/,
    next: /wanneer spreken jullie elkaar weer/,
  },
] as const;

type Case = (typeof CASES)[number];

const never = (user: ScriptedUser, re: RegExp) =>
  expect(user.transcript.map(renderPlainText).filter((t) => re.test(t))).toEqual([]);

/** The kind answer: a few words, please, and what else can be done (its two parts, in one reply). */
const kind = (words: RegExp, choose: RegExp) => (_r: unknown, t: string) => words.test(t) && choose.test(t);

/** The first conversation took place; Robin said so and is asked what Sam proposed. */
async function wrapUp(c: Case) {
  const pair = await afterFirstConversation(await typedPair(c.locale));
  await pair.robin.send(c.yes).expectReply(c.coach);
  const agreements = async () => (await pair.h.agreements.listForTrajectory(pair.trajectoryId)).map((a) => a.what);
  return { ...pair, agreements };
}

describe('a bare yes in the wrap-up is no agreement', () => {
  it.each(CASES)('$locale: the coach, asked what Sam proposed', async (c) => {
    const { robin, agreements } = await wrapUp(c);
    for (const word of c.bare) await robin.send(word).expectReply(kind(c.words, c.none)).expectReply(c.coach);
    never(robin, c.by);
    never(robin, c.next);
    expect(await agreements()).toEqual([]);
    // A real agreement still goes in as typed.
    await robin.send(c.agreement).expectReply(c.by);
  });

  it.each(CASES)('$locale: the employee, at their own solution and at "what else"', async (c) => {
    const { h, sam, agreements } = await wrapUp(c);
    await h.deliverDue();
    await sam.expectReply(c.employee);
    await sam.send(c.yes).expectReply(kind(c.words, c.none)).expectReply(c.employee);
    await sam.send(c.agreement).send(c.when).send(c.yes).send(c.feasible).expectReply(c.more);
    await sam.send(c.yes).expectReply(kind(c.words, c.all)).expectReply(c.again);
    await sam.send('sure').expectReply(kind(c.words, c.all)).expectReply(c.again);
    expect(await agreements()).toEqual([c.agreement]);
    // With an agreement made, "ok" ends the list, as before.
    await sam.send(c.ok).expectReply(c.next);
    expect(await agreements()).toEqual([c.agreement]);
  });

  it.each(CASES)('$locale: "What exactly will be done?" after "Add an agreement"', async (c) => {
    const { robin, agreements } = await wrapUp(c);
    await robin.press(c.add).expectReply(c.what);
    await robin.send(c.yes).expectReply(c.whatAgain).expectReply(c.what);
    never(robin, c.by);
    await robin.send(c.agreement).expectReply(c.by);
    expect(await agreements()).toEqual([]);
  });

  it.each(CASES)('$locale: the form, with only a yes as what will be done', async (c) => {
    const { robin, agreements } = await wrapUp(c);
    await robin
      .press(c.form)
      .submit({ owner: 'employee', what: c.yes, due: '2026-12-18' })
      .expectReply((_r, t) => t.includes(`(! ${c.whatAgainText})`));
    expect(await agreements()).toEqual([]);
  });
});
