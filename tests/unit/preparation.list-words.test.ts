/**
 * The preparation's list questions ("What else went well?", "What else could go even better?") end with whatever
 * people type to say "that's all": "that's it", "nope", "nothing", curly apostrophes, "nee hoor", "verder niets".
 * None of these is ever kept as a success or a point to improve.
 */
import { describe, expect, it } from 'vitest';
import { typedPreparation, type TypedLocale } from '../support/typed-journey.js';

async function toSuccesses(locale: TypedLocale) {
  const { h, sam } = await typedPreparation(locale);
  for (let i = 0; i < 6; i++) await sam.send('skip');
  return { h, sam };
}

describe('ending a list question in words', () => {
  it('in English', async () => {
    const { h, sam } = await toSuccesses('en-GB');
    await sam.expectReply(/What has gone well for you lately/);
    await sam.send('The second talk felt calmer').expectReply(/What else went well/);
    await sam.send("that's it").expectReply(/What could go even better/);
    await sam.send('Pausing between slides').expectReply(/What else could go even better/);
    await sam.send('Nope!').expectReply(/Where would you like support/);
    await sam.send('Feedback after my talk').expectReply(/What else could Robin support you with/);
    await sam.send('That’s all').expectReply(/Which topics/);
    const [trajectory] = await h.trajectories.listForPerson((await sam.person()).id);
    const prep = (await h.sessions.listForTrajectory(trajectory!.id))[0]?.preparation;
    expect(prep?.successes).toEqual(['The second talk felt calmer']);
    expect(prep?.improvements).toEqual(['Pausing between slides']);
    expect(prep?.support).toEqual(['Feedback after my talk']);
  });

  it('takes a mistake back: "undo", "remove 2", "verwijder laatste", or its own words; "use these" takes the suggestions', async () => {
    const { h, sam } = await toSuccesses('en-GB');
    await sam
      .send('The second talk felt calmer')
      .send('about half an hour')
      .expectReply(/What else went well/);
    await sam.send('undo').expectReply(/Taken off the list: “about half an hour”/);
    await sam.send('Remove blockers for the team').expectReply(/What else went well/); // an item, not a removal
    await sam.send('remove 2').expectReply(/Taken off the list: “Remove blockers for the team”/);
    await sam.send("that's all").expectReply(/What could go even better/);
    await sam.send('Pausing between slides').send('Keeping eye contact').send('Asking for help');
    await sam.send('remove keeping eye contact').expectReply(/Taken off the list: “Keeping eye contact”/);
    await sam.send('nothing').expectReply(/Which matters most/);
    await sam.send('keep').expectReply(/Where would you like support/);
    await sam.send('nothing').expectReply(/Which topics/);
    await sam.send('use these').expectReply(/Which other topic/);
    await sam.send('verwijder laatste').expectReply(/Taken off the list: “Asking for help”/);
    await sam.send("that's all");
    const [trajectory] = await h.trajectories.listForPerson((await sam.person()).id);
    const prep = (await h.sessions.listForTrajectory(trajectory!.id))[0]?.preparation;
    expect(prep?.successes).toEqual(['The second talk felt calmer']);
    expect(prep?.improvements).toEqual(['Pausing between slides', 'Asking for help']);
    expect(prep?.topics).toEqual(['Pausing between slides']);
  });

  it('takes an item off in the words people use: "haal 2 weg", quotes, "take … off"; a number not on the list changes nothing', async () => {
    const { h, sam } = await toSuccesses('nl-NL');
    // Under a list with items: how to take one off.
    await sam.send('Jesse deed de presentatie zelf').expectReply(/Wat ging er nog meer goed[\s\S]*“verwijder 2”/);
    await sam.send('gebruik de suggesties ook').send('Een week niet overgewerkt').send('En nog iets');
    await sam
      .send("haal 'gebruik de suggesties ook' weg")
      .expectReply(/Van de lijst gehaald: “gebruik de suggesties ook”/);
    await sam.send('haal 3 maar weg').expectReply(/Van de lijst gehaald: “En nog iets”/);
    await sam.send('verwijder 7').expectReply(/niet op de lijst vinden.*1 tot en met 2/);
    await sam.send('haal de vergadering weg').expectReply(/niet op de lijst vinden/); // never kept as a success
    await sam.send('dat was het');
    const [trajectory] = await h.trajectories.listForPerson((await sam.person()).id);
    const prep = (await h.sessions.listForTrajectory(trajectory!.id))[0]?.preparation;
    expect(prep?.successes).toEqual(['Jesse deed de presentatie zelf', 'Een week niet overgewerkt']);
  });

  it('takes an item off in English with "take … off the list" and quotes', async () => {
    const { h, sam } = await toSuccesses('en-GB');
    await sam.send('The second talk felt calmer').send('Asking for help').send('A week without overtime');
    await sam.send('take “Asking for help” off the list').expectReply(/Taken off the list: “Asking for help”/);
    await sam.send('remove number 2').expectReply(/Taken off the list: “A week without overtime”/);
    await sam.send('remove 5').expectReply(/can’t find that on the list.*1 to 1/);
    await sam.send("that's all");
    const [trajectory] = await h.trajectories.listForPerson((await sam.person()).id);
    const prep = (await h.sessions.listForTrajectory(trajectory!.id))[0]?.preparation;
    expect(prep?.successes).toEqual(['The second talk felt calmer']);
  });

  it('in Dutch', async () => {
    const { h, sam } = await toSuccesses('nl-NL');
    await sam.expectReply(/goed ging|ging er .*goed/);
    await sam.send('De tweede presentatie voelde rustiger').expectReply(/Wat ging er nog meer goed/);
    await sam.send('Dat is het').expectReply(/Wat zou nog beter kunnen/);
    await sam.send('Pauzes tussen de dia’s').expectReply(/Wat zou er nog meer beter kunnen/);
    await sam.send('nee hoor').expectReply(/Waarbij wil je graag steun/);
    await sam.send('Feedback na mijn presentatie').expectReply(/Waarbij zou Robin je nog meer/);
    await sam.send('dat was het wel').expectReply(/Welke onderwerpen/); // a trailing 'wel' / 'hoor' / 'really'
    const [trajectory] = await h.trajectories.listForPerson((await sam.person()).id);
    const prep = (await h.sessions.listForTrajectory(trajectory!.id))[0]?.preparation;
    expect(prep?.successes).toEqual(['De tweede presentatie voelde rustiger']);
    expect(prep?.improvements).toEqual(['Pauzes tussen de dia’s']);
  });
});
