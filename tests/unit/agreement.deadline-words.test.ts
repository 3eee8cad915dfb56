/**
 * An agreement and its deadline said in one sentence ("…, by Friday", "uiterlijk volgende week vrijdag", "Ik stuur Sam
 * voor woensdag een artikel"): the date is read from the sentence and said back to confirm, instead of "By when?"
 * being asked for what was just said. A deadline at the end is taken off the agreement's words; one inside stays.
 */
import { describe, expect, it } from 'vitest';
import { afterFirstConversation, typedPair, type TypedLocale } from '../support/typed-journey.js';

/** The first conversation (Thursday 10 December) took place; the coach is asked what the employee proposed. */
async function wrapUp(locale: TypedLocale) {
  const pair = await afterFirstConversation(await typedPair(locale));
  const { h, robin, nl } = pair;
  await robin
    .expectReply(nl ? /Heeft het plaatsgevonden/ : /Did it take place/)
    .send(nl ? 'ja' : 'yes')
    .expectReply(nl ? /Wat stelde Sam zelf voor/ : /What did Sam propose/);
  const agreements = async () =>
    (await h.agreements.listForTrajectory(pair.trajectoryId))
      .map((a) => ({
        owner: a.owner,
        what: a.what,
        due: a.due,
      }))
      .sort((a, b) => a.due.localeCompare(b.due));
  return { ...pair, agreements };
}

describe('an agreement with its deadline in one sentence', () => {
  it('in English: "by Friday" at the end is the deadline; "the Friday meeting" is not', async () => {
    const { h, sam, agreements } = await wrapUp('en-GB');
    await h.deliverDue();
    await sam.expectReply(/What will you do yourself/);
    await sam
      .send('Practise the opening three times by Friday.')
      .expectReply(/you will take on “Practise the opening three times” by Friday 11 December 2026\. Is that right/);
    await sam.send('yes').expectReply(/How feasible is this by Friday 11 December 2026/);
    await sam.send('Feasible').expectReply(/What else did you agree/);
    await sam.send('Prepare the Friday team meeting agenda').expectReply(/By when/);
    await sam.send('in two weeks').expectReply(/Is that right/);
    await sam.send('yes');
    expect(await agreements()).toEqual([
      { owner: 'employee', what: 'Practise the opening three times', due: '2026-12-11' },
      { owner: 'employee', what: 'Prepare the Friday team meeting agenda', due: '2026-12-24' },
    ]);
  });

  it('in Dutch: "uiterlijk volgende week vrijdag" at the end, "voor woensdag" inside the sentence', async () => {
    const { robin, agreements } = await wrapUp('nl-NL');
    await robin
      .send('Sam draagt het klantproject over aan Jesse, uiterlijk volgende week vrijdag')
      .expectReply(
        /Sam pakt “Sam draagt het klantproject over aan Jesse” op, uiterlijk vrijdag 18 december 2026\. Klopt dat/,
      );
    await robin.send('ja').expectReply(/Wat hebben jullie nog meer afgesproken/);
    await robin
      .send('Ik stuur Sam voor woensdag een artikel over feedback')
      .expectReply(
        /jij pakt “Ik stuur Sam voor woensdag een artikel over feedback” op, uiterlijk woensdag 16 december 2026/,
      );
    await robin.send('nee, liever donderdag').expectReply(/donderdag 17 december 2026\. Klopt dat/);
    await robin.send('ja');
    expect(await agreements()).toEqual([
      { owner: 'coach', what: 'Ik stuur Sam voor woensdag een artikel over feedback', due: '2026-12-17' },
      { owner: 'employee', what: 'Sam draagt het klantproject over aan Jesse', due: '2026-12-18' },
    ]);
  });

  it('a date in the past, or a time of day, is asked about as before', async () => {
    const { robin } = await wrapUp('en-GB');
    await robin.send('Sam calls the client back by 2026-12-01').expectReply(/By when/);
    await robin.send('2026-12-15').expectReply(/Is that right/);
    await robin.send('yes').expectReply(/What else did you agree/);
    await robin.send('I join the team meeting on Monday at 14:00').expectReply(/By when/);
  });
});
