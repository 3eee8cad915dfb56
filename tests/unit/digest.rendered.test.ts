/**
 * The coach's digest as the coach receives it, rendered, after whole cycles in Dutch and English. Read from the top:
 * the employee's own one-sentence conclusion, then what both said about the last conversation, then the intake (how
 * they learn, the challenge, the first step, keeping each other informed; editable in a later preparation), then the
 * agenda. An agreement of the employee's whose date passed is an open question (once: not again when the preparation
 * already reviewed it); the coach's own passed commitment is shown as theirs, not as a question to the employee.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import { EN_CYCLE_START, englishCycle } from '../support/cycles/en.script.js';
import { dutchCycle, NL_CYCLE_START } from '../support/cycles/nl.script.js';
import { createMemoryHarness } from '../support/memory/harness.js';
import { expectPositiveWording } from '../support/scripted-client.js';

/** Asserts every piece is there, in this order. */
function expectInOrder(text: string, pieces: readonly string[]): void {
  const at = pieces.map((p) => [p, text.indexOf(p)] as const);
  expect(at.filter(([, i]) => i < 0).map(([p]) => p)).toEqual([]);
  expect(at.map(([p]) => p)).toEqual([...at].sort((a, b) => a[1] - b[1]).map(([p]) => p));
}

describe('the digest of a later conversation, as the coach reads it', () => {
  it('in Dutch: prepared, after a review of the earlier agreements', async () => {
    const h = createMemoryHarness({ start: NL_CYCLE_START });
    const { noor, jan } = await dutchCycle(h);
    // Noor finishes the second preparation (the cycle leaves her at "what could go even better").
    await noor.send('Rustig blijven bij extra verzoeken').expectReply(/Wat zou er nog meer beter kunnen/);
    await noor.send('klaar').expectReply(/Waarbij wil je graag steun/);
    await noor.send('klaar').expectReply(/Welke onderwerpen/);
    await noor
      .press('Gebruik deze als onderwerpen')
      .send('klaar')
      .expectReply(/Hoeveel daarvan/);
    await noor.send('30').expectReply(/Je voorbereiding voor/);
    // The intake stays editable in a later preparation: the answers so far are shown, one is changed.
    await noor.press('Wijzigen').press('Kennismaking');
    await noor.send('Door het te doen, en daarna even terugkijken');
    await noor.send('overslaan').send('overslaan').send('overslaan');
    await noor.send('verstuur').expectReply(/Verstuurd naar Jan/);
    await h.deliverDue();
    await jan.send('agenda');
    const text = renderPlainText(await jan.last());

    expectInOrder(text, [
      'Agenda voor je gesprek met Noor op vrijdag 8 januari 2027 om 11:00',
      'Wat er over jullie vorige gesprek gezegd is',
      'Noor (4/5): “Meer tijd voor oefenen”',
      'Jan (5/5): “Noor kwam goed voorbereid”',
      'Kennismaking',
      'Leert het beste: Door het te doen, en daarna even terugkijken', // changed in this preparation
      'Een mooie uitdaging nu: Een teamoverleg zelf leiden',
      'Elkaar op de hoogte houden: Elke vrijdag een kort berichtje',
      'Agenda en tijdsblokken',
      'Rustig blijven bij extra verzoeken – ',
      'geef Noor er een compliment voor en vertel wat jou positief opviel',
      'Noor: Twee keer nee zeggen tegen extra werk (donderdag 31 december 2026) – Nog niet begonnen',
      'Open vragen om te stellen',
      'Wat zou je helpen om de volgende stap te zetten met “Twee keer nee zeggen tegen extra werk”?',
      // No first step in the intake: the digest asks for it (tip 4); learning style is known (tip 9).
      'Wat zou een eerste kleine stap zijn richting “Verder bouwen op de nieuwe planning”?',
      'Denk aan LSD',
    ]);
    expect(text).toMatch(
      /Jan: Oefenen met lastige gesprekken \(donderdag 31 december 2026\) – datum verstreken – je eigen toezegging/,
    );
    // Noor already said how the passed agreement stands: no second question about its date; none about Jan's own.
    expect(text).not.toMatch(/De datum voor/);
    expect(text).not.toMatch(/Hoe leer jij het beste/);
    expectPositiveWording(noor, jan);
  });

  it('in English: not prepared yet, a passed date asked as an open question', async () => {
    const h = createMemoryHarness({ start: EN_CYCLE_START });
    const { sam, robin } = await englishCycle(h);
    // The first digest opened with Sam's own conclusion, then the intake, then the agenda.
    const first = robin.transcript.map(renderPlainText).find((t) => t.startsWith('Agenda for your conversation'));
    expectInOrder(first ?? '', [
      'In Sam’s own words',
      '“Practising out loud pays off.”',
      'Getting to know each other',
      'Learns best: By doing it and getting feedback right after',
      'A good challenge now: Leading the next client demo',
      'A realistic first step: Present at the Friday stand-up',
      'Keeping each other informed: A short message every Friday',
      'Agenda and time boxes',
    ]);

    h.clock.set('2026-12-22T09:00:00Z'); // "Rehearse the intro with a timer" was due on 11 December
    await robin.send('agenda');
    const text = renderPlainText(await robin.last());
    expectInOrder(text, [
      'Agenda for your conversation with Sam on Thursday 24 December 2026 at 14:00 (Sam has not prepared yet.)',
      'What was said about your last conversation',
      'Sam (5/5): “More time for practising together”',
      'Robin (4/5): “Start with the demo itself”',
      'Getting to know each other',
      'Learns best: By doing it and getting feedback right after',
      'Sam hasn’t prepared yet – that is fine.',
      'Opening questions',
      'What went well since we last spoke?',
      'Earlier agreements',
      'Sam: Rehearse the intro with a timer (Friday 11 December 2026) – past its date – ask how it is going',
      'Open questions to ask',
      'The date for “Rehearse the intro with a timer” was Friday 11 December 2026. How is it going, and what would help?',
      'Remember: listen, summarise, ask further.',
    ]);
    expectPositiveWording(sam, robin);
  });
});
