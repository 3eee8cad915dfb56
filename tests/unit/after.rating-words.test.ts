/**
 * The evaluation's rating in the words people type: "een 4, Sam was goed voorbereid" is a 4 and the open answer at
 * once (nothing more asked); "vier" is a 4 and the open question follows; "two things stood out" has no rating and is
 * the open answer itself. Before, anything but a bare digit with a number in it was asked again.
 */
import { describe, expect, it } from 'vitest';
import { afterFirstConversation, typedPair, type TypedLocale } from '../support/typed-journey.js';

/** The first conversation took place; Sam records one agreement, fixes the next date and is asked the rating. */
async function atRating(locale: TypedLocale) {
  const pair = await afterFirstConversation(await typedPair(locale));
  const { h, sam, robin, nl } = pair;
  await robin.expectReply(nl ? /Heeft het plaatsgevonden/ : /Did it take place/).send(nl ? 'ja' : 'yes');
  await h.deliverDue();
  await sam.send(nl ? 'Drie keer de opening oefenen' : 'Practise the opening three times');
  await sam.send(nl ? 'over twee weken' : 'in two weeks').expectReply(nl ? /Klopt dat/ : /Is that right/);
  await sam.send(nl ? 'ja' : 'yes').expectReply(nl ? /Hoe haalbaar/ : /How feasible/);
  await sam.send(nl ? 'Haalbaar' : 'Feasible').expectReply(nl ? /nog meer afgesproken/ : /What else did you agree/);
  await sam.send(nl ? 'dat was het' : "that's all");
  await sam.send('2027-01-07 14:00').expectReply(nl ? /Klopt dat/ : /Is that right/);
  await sam
    .send(nl ? 'ja' : 'yes')
    .expectReply(nl ? /Hoe waardevol was dit gesprek/ : /How valuable was this conversation/);
  const evaluation = async () =>
    (await h.sessions.listForTrajectory(pair.trajectoryId)).find((s) => s.evaluations.employee)?.evaluations.employee;
  return { ...pair, evaluation };
}

describe('the rating in words', () => {
  it('in Dutch: "een 4, Sam was goed voorbereid" is the rating and the open answer at once', async () => {
    const { sam, evaluation } = await atRating('nl-NL');
    await sam.send('een 4, Robin stelde goede vragen').expectReply(/Ik heb je antwoord met Robin gedeeld/);
    expect(await evaluation()).toMatchObject({ rating: 4, comment: 'Robin stelde goede vragen' });
  });

  it('in Dutch: "vier" is a 4, and the open question follows', async () => {
    const { sam, evaluation } = await atRating('nl-NL');
    await sam.send('vier').expectReply(/Hoe heb je dit gesprek ervaren/);
    await sam.send('Fijn, meer tijd om te oefenen').expectReply(/gedeeld/);
    expect(await evaluation()).toMatchObject({ rating: 4, comment: 'Fijn, meer tijd om te oefenen' });
  });

  it('in English: "I\'d give it a 5. Really useful" and "two things stood out"', async () => {
    const { sam, evaluation } = await atRating('en-GB');
    await sam.send("I'd give it a 5. Really useful").expectReply(/shared your answer with Robin/);
    expect(await evaluation()).toMatchObject({ rating: 5, comment: 'Really useful' });
  });

  it('in English: words that start with a number word are the open answer, not a rating', async () => {
    const { sam, evaluation } = await atRating('en-GB');
    await sam.send('Two things stood out: the questions and the pace').expectReply(/shared your answer with Robin/);
    const saved = await evaluation();
    expect(saved?.comment).toBe('Two things stood out: the questions and the pace');
    expect(saved?.rating).toBeUndefined();
  });
});
