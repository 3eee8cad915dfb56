/**
 * Whole cycles in which both people only TYPE: no button is pressed anywhere, in English and in Dutch. Every
 * question the bot asks — setup, the invitation, the preparation with its intake, "did it take place?", the
 * agreements with their feasibility, the next date, the evaluation, and the reminders about an agreement — is answered
 * in the person's own words, and each answer is checked where it ends up. Nothing is refused ("I'm not sure what you
 * mean" never comes).
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import { createMemoryHarness } from '../support/memory/harness.js';
import { expectPositiveWording, type ScriptedUser } from '../support/scripted-client.js';

const never = (user: ScriptedUser, re: RegExp) =>
  expect(user.transcript.map(renderPlainText).filter((t) => re.test(t))).toEqual([]);

describe('typing at every question, never pressing a button', () => {
  it('in English', async () => {
    const h = createMemoryHarness({ start: '2026-12-01T08:00:00Z' });
    const sam = h.user('sam', { displayName: 'Sam', email: 'sam@example.com', locale: 'en-GB' });
    const robin = h.user('robin', { displayName: 'Robin', email: 'robin@example.com', locale: 'en-GB' });
    await robin.send('hello');

    await sam.send('start').send('Become a calmer presenter').send('robin@example.com');
    await sam.send('every 2 weeks').expectReply(/first conversation/);
    await sam
      .send('2026-12-10 14:00')
      .send('60')
      .expectReply(/Shall I send the invitation/);
    await sam.send('Yes, send it').expectReply(/Invitation sent to Robin/);
    await h.deliverDue();
    await robin
      .expectReply(/would like you to be their coach/)
      .send('Yes, gladly')
      .expectReply(/now coaching Sam/);
    await h.deliverDue();

    // The invitation to prepare, answered in words; then the first preparation, intake included.
    h.clock.set('2026-12-08T10:00:00Z');
    await h.deliverDue();
    await sam.expectReply(/Would you like to prepare it/);
    await sam.send('Yes, let us prepare').expectReply(/first conversation/);
    await sam.send('Feel at ease in front of a group').expectReply(/How do you learn best/);
    await sam.send('By doing and reflecting right after').expectReply(/good challenge/);
    await sam.send('Presenting to the whole department').expectReply(/realistic first step/);
    await sam.send('Practise the opening with a colleague').expectReply(/keep each other informed/);
    await sam.send('A short message every Friday').expectReply(/Where do you stand now/);
    await sam
      .send('I presented twice. The second time felt calmer. I concluded that preparation helps.')
      .expectReply(/what you concluded: “I concluded that preparation helps.”/);
    await sam.send('Knowing my first sentence by heart').expectReply(/What has gone well for you lately/);
    await sam.send('The second talk felt calmer').expectReply(/What else went well/);
    await sam.send("that's all").expectReply(/What could go even better/);
    await sam.send('Pausing between slides').expectReply(/What else could go even better/);
    await sam.send('nothing else').expectReply(/Where would you like support from Robin/);
    await sam.send('Feedback after my next talk').expectReply(/What else could Robin support you with/);
    await sam.send('no').expectReply(/Which topics/);
    await sam.send('Handling questions from the audience').expectReply(/Which other topic/);
    await sam.send("that's all").expectReply(/How much of it would you like/);
    await sam.send('45 minutes').expectReply(/Your preparation for/);
    await sam.send('send').expectReply(/Sent to Robin/);
    await robin
      .send('agenda')
      .expectReply(
        (_r, t) =>
          /Learns best: By doing and reflecting right after/.test(t) &&
          /Pausing between slides/.test(t) &&
          /Feedback after my next talk/.test(t),
      );

    // After the conversation: "did it take place?", agreements, feasibility, the next date, the evaluation.
    h.clock.set('2026-12-10T14:20:00Z');
    await h.deliverDue();
    await robin
      .expectReply(/Did it take place/)
      .send('Yes, we met')
      .expectReply(/What did Sam propose to do/);
    await h.deliverDue();
    await sam.expectReply(/What will you do yourself/);
    await sam.send('Practise the opening three times').expectReply(/By when/);
    await sam.send('in two weeks').expectReply(/Is that right/);
    await sam.send('yes').expectReply(/How feasible is this by Thursday 24 December 2026/);
    await sam.send('Feasible, I have the evenings').expectReply(/What else did you agree/);
    await sam.send("that's all").expectReply(/when will you meet next/);
    await sam.send('2027-01-07 14:00').expectReply(/Is that right/);
    await sam.send('yes').expectReply(/How valuable was this conversation/);
    await sam.send('4').expectReply(/even more valuable/);
    await sam.send('More time to practise together').expectReply(/shared your answer with Robin/);
    await h.deliverDue();
    await robin.expectReply(/Sam looked back on your conversation/);
    await robin.send("that's all").expectReply(/next conversation is planned/);
    await robin.send('fine').expectReply(/How valuable was this conversation/);
    await robin.send('Very useful, Sam came well prepared').expectReply(/shared your answer with Sam/);

    // The reminders about the agreement, answered in words.
    h.clock.set('2026-12-22T08:30:00Z');
    await h.deliverDue();
    await sam.expectReply(
      /Coming up: your agreement “Practise the opening three times”, by Thursday 24 December 2026\. How is it going/,
    );
    await sam.send('Busy with it, booked a room').expectReply(/I read this as: \*Busy with it\*/);
    h.clock.set('2026-12-29T08:30:00Z');
    await h.deliverDue();
    await sam.expectReply(
      /A gentle check-in: how is your agreement “Practise the opening three times” \(by Thursday 24 December 2026\) going\?/,
    );
    await sam.send('Done, all three times').expectReply(/I read this as: \*Done\*/);

    // Where everything ended up.
    const [trajectory] = await h.trajectories.listForPerson((await sam.person()).id);
    const [first, second] = await h.sessions.listForTrajectory(trajectory!.id);
    expect(first!.preparation).toMatchObject({
      goal: 'Feel at ease in front of a group',
      intake: {
        learning: 'By doing and reflecting right after',
        challenge: 'Presenting to the whole department',
        firstStep: 'Practise the opening with a colleague',
        keepInformed: 'A short message every Friday',
      },
      conclusion: 'I concluded that preparation helps.',
      reportFollowUp: 'Knowing my first sentence by heart',
      successes: ['The second talk felt calmer'],
      improvements: ['Pausing between slides'],
      support: ['Feedback after my next talk'],
      topics: ['Handling questions from the audience'],
      desiredMinutes: 45,
    });
    expect(first!.status).toBe('evaluated');
    expect(first!.evaluations.employee).toMatchObject({ rating: 4, comment: 'More time to practise together' });
    expect(first!.evaluations.coach).toMatchObject({ comment: 'Very useful, Sam came well prepared' });
    expect(second!.startsAt.toISOString()).toBe('2027-01-07T13:00:00.000Z');
    const [agreement] = await h.agreements.listForTrajectory(trajectory!.id);
    expect(agreement).toMatchObject({ what: 'Practise the opening three times', status: 'done', due: '2026-12-24' });
    expect(agreement!.history.filter((e) => e.change === 'note').map((e) => e.note)).toEqual([
      'Feasible, I have the evenings',
      'Busy with it, booked a room',
      'Done, all three times',
    ]);

    // The next digest opens with what both said last time, and the intake.
    h.clock.set('2027-01-06T09:00:00Z');
    await robin
      .send('agenda')
      .expectReply(
        (_r, t) =>
          /What was said about your last conversation/.test(t) &&
          /Very useful, Sam came well prepared/.test(t) &&
          /Learns best/.test(t),
      );
    never(sam, /not sure what you mean|didn't quite catch/);
    never(robin, /didn't quite catch/);
    expectPositiveWording(sam, robin);
  });
  it('in het Nederlands', async () => {
    const h = createMemoryHarness({ start: '2026-12-01T08:00:00Z' });
    const noor = h.user('noor', { displayName: 'Noor', email: 'noor@voorbeeld.nl', locale: 'nl-NL' });
    const jan = h.user('jan', { displayName: 'Jan', email: 'jan@voorbeeld.nl', locale: 'nl-NL' });
    await jan.send('hallo');

    await noor.send('start').send('Rustiger leidinggeven').send('jan@voorbeeld.nl');
    await noor.send('elke 2 weken').expectReply(/eerste gesprek/);
    await noor
      .send('2026-12-10 14:00')
      .send('60')
      .expectReply(/Zal ik de uitnodiging versturen/);
    await noor.send('Ja, verstuur maar').expectReply(/Uitnodiging verstuurd naar Jan/);
    await h.deliverDue();
    await jan
      .expectReply(/Wil je Noor coachen/)
      .send('Ja, graag')
      .expectReply(/je coacht nu Noor/);
    await h.deliverDue();

    await noor.send('voorbereiden').expectReply(/eerste gesprek/);
    await noor.send('Rust houden in drukke weken').expectReply(/Hoe leer jij het beste/);
    await noor.send('Door te doen en erover te praten').expectReply(/mooie uitdaging/);
    await noor.send('Zelf het teamoverleg leiden').expectReply(/haalbare eerste stap/);
    await noor.send('Mijn week op maandag plannen').expectReply(/op de hoogte houden/);
    await noor.send('Elke vrijdag een kort berichtje').expectReply(/Waar sta je nu/);
    await noor
      .send('Ik heb twee keer gedelegeerd. De tweede keer ging soepeler. Ik concludeer dat loslaten helpt.')
      .expectReply(/Als ik het samenvat/);
    await noor.send('Dat ik het team vertrouw').expectReply(/Wat ging er de laatste tijd goed/);
    await noor.send('Planning op tijd rond').expectReply(/Wat ging er nog meer goed/);
    await noor.send('dat was het').expectReply(/Wat zou nog beter kunnen/);
    await noor.send('Vaker nee zeggen').expectReply(/Wat zou er nog meer beter kunnen/);
    await noor.send('niets meer').expectReply(/Waarbij wil je graag steun van Jan/);
    await noor.send('Oefenen met lastige gesprekken').expectReply(/Waarbij zou Jan je nog meer kunnen steunen/);
    await noor.send('nee').expectReply(/Welke onderwerpen/);
    await noor.send('Teamoverleg korter maken').expectReply(/Welk onderwerp wil je nog meer/);
    await noor.send('klaar').expectReply(/Hoeveel daarvan wil je/);
    await noor.send('40 minuten').expectReply(/Je voorbereiding voor/);
    await noor.send('verstuur').expectReply(/Verstuurd naar Jan/);

    h.clock.set('2026-12-10T14:20:00Z');
    await h.deliverDue();
    await jan
      .expectReply(/Heeft het plaatsgevonden/)
      .send('Ja, het ging goed')
      .expectReply(/Wat stelde Noor zelf voor/);
    await h.deliverDue();
    await noor.expectReply(/Wat ga je zelf doen/);
    await noor.send('Elke vrijdag de planning maken').expectReply(/Wanneer is het uiterlijk klaar/);
    await noor.send('over twee weken').expectReply(/Klopt dat/);
    await noor.send('ja').expectReply(/Hoe haalbaar is dit voor donderdag 24 december 2026/);
    await noor.send('Goed te doen').expectReply(/Wat hebben jullie nog meer afgesproken/);
    await noor.send('dat was het').expectReply(/wanneer spreken jullie elkaar weer/);
    await noor.send('2027-01-07 14:00').expectReply(/Klopt dat/);
    await noor.send('ja').expectReply(/Hoe waardevol was dit gesprek/);
    await noor.send('4').expectReply(/nog waardevoller/);
    await noor.send('Meer tijd om te oefenen').expectReply(/Ik heb je antwoord met Jan gedeeld/);
    await h.deliverDue();
    await jan.expectReply(/Noor heeft teruggekeken/);
    await jan.send('dat was het').expectReply(/volgende gesprek staat gepland/);
    await jan.send('prima').expectReply(/Hoe waardevol was dit gesprek/);
    await jan.send('Heel nuttig, Noor was goed voorbereid').expectReply(/Ik heb je antwoord met Noor gedeeld/);

    h.clock.set('2026-12-22T08:30:00Z');
    await h.deliverDue();
    await noor.expectReply(
      /Binnenkort: je afspraak “Elke vrijdag de planning maken”, uiterlijk donderdag 24 december 2026\. Hoe staat het ervoor/,
    );
    await noor.send('Ermee bezig, twee vrijdagen achter de rug').expectReply(/Ik lees hierin: \*Ermee bezig\*/);
    h.clock.set('2026-12-29T08:30:00Z');
    await h.deliverDue();
    await noor.expectReply(
      /Even kijken: hoe gaat het met je afspraak “Elke vrijdag de planning maken” \(uiterlijk donderdag 24 december 2026\)\?/,
    );
    await noor.send('Klaar, het is een gewoonte geworden').expectReply(/Ik lees hierin: \*Gedaan\*/);

    const [trajectory] = await h.trajectories.listForPerson((await noor.person()).id);
    const [first, second] = await h.sessions.listForTrajectory(trajectory!.id);
    expect(first!.preparation).toMatchObject({
      goal: 'Rust houden in drukke weken',
      intake: {
        learning: 'Door te doen en erover te praten',
        challenge: 'Zelf het teamoverleg leiden',
        firstStep: 'Mijn week op maandag plannen',
        keepInformed: 'Elke vrijdag een kort berichtje',
      },
      reportFollowUp: 'Dat ik het team vertrouw',
      successes: ['Planning op tijd rond'],
      improvements: ['Vaker nee zeggen'],
      support: ['Oefenen met lastige gesprekken'],
      topics: ['Teamoverleg korter maken'],
      desiredMinutes: 40,
    });
    expect(first!.status).toBe('evaluated');
    expect(first!.evaluations.employee).toMatchObject({ rating: 4, comment: 'Meer tijd om te oefenen' });
    expect(first!.evaluations.coach).toMatchObject({ comment: 'Heel nuttig, Noor was goed voorbereid' });
    expect(second!.startsAt.toISOString()).toBe('2027-01-07T13:00:00.000Z');
    const [agreement] = await h.agreements.listForTrajectory(trajectory!.id);
    expect(agreement).toMatchObject({ what: 'Elke vrijdag de planning maken', status: 'done', due: '2026-12-24' });
    expect(agreement!.history.filter((e) => e.change === 'note').map((e) => e.note)).toEqual([
      'Goed te doen',
      'Ermee bezig, twee vrijdagen achter de rug',
      'Klaar, het is een gewoonte geworden',
    ]);

    h.clock.set('2027-01-06T09:00:00Z');
    await jan
      .send('agenda')
      .expectReply(
        (_r, t) =>
          /Wat er over jullie vorige gesprek gezegd is/.test(t) &&
          /Heel nuttig, Noor was goed voorbereid/.test(t) &&
          /Leert het beste/.test(t),
      );
    never(noor, /weet niet precies wat je bedoelt/);
    expectPositiveWording(noor, jan);
  });
});
