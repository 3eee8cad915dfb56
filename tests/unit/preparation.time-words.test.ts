/**
 * How much of the conversation the topics get, typed: the last button says "All 60 min" / "Alle 60 min", so "all",
 * "alles", "de hele tijd" mean the whole conversation (before, they were asked again for a number of minutes).
 */
import { describe, expect, it } from 'vitest';
import { typedPreparation, type TypedLocale } from '../support/typed-journey.js';

async function atTime(locale: TypedLocale) {
  const pair = await typedPreparation(locale);
  const { sam, nl } = pair;
  for (let i = 0; i < 9; i++) await sam.send(nl ? 'overslaan' : 'skip'); // to the topics
  await sam.send(nl ? 'Overdragen zonder controleren' : 'Handing over without checking');
  await sam.send(nl ? 'dat was het' : "that's all").expectReply(nl ? /Hoeveel daarvan/ : /How much of it/);
  const desired = async () => {
    const [trajectory] = await pair.h.trajectories.listForPerson((await sam.person()).id);
    return (await pair.h.sessions.listForTrajectory(trajectory!.id))[0]?.preparation.desiredMinutes;
  };
  return { ...pair, desired };
}

describe('the time for the topics, typed', () => {
  it('in Dutch: "alles" is the whole conversation', async () => {
    const { sam, desired } = await atTime('nl-NL');
    await sam.send('alles').expectReply(/Je voorbereiding/);
    expect(await desired()).toBe(60);
  });

  it('in English: "all of it" is the whole conversation; "most of it" is asked again', async () => {
    const { sam, desired } = await atTime('en-GB');
    await sam.send('most of it').expectReply(/Between 5 and 60/);
    await sam.send('All of it.').expectReply(/Your preparation/);
    expect(await desired()).toBe(60);
  });
});
