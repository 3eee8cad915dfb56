/**
 * A command word that answers the open yes/no question is that answer: "start" to "Would you like to prepare it?"
 * starts the preparation (it used to start setting up a new trajectory), "later" puts it off (it used to be read as
 * `cancel`: "nothing to stop"). With no such question open, they are the commands they always were.
 */
import { describe, it } from 'vitest';
import { typedPair, type TypedLocale } from '../support/typed-journey.js';

async function invited(locale: TypedLocale) {
  const pair = await typedPair(locale);
  pair.h.clock.set('2026-12-08T10:00:00Z');
  await pair.h.deliverDue();
  await pair.sam.expectReply(pair.nl ? /Wil je het voorbereiden/ : /Would you like to prepare/);
  return pair;
}

describe('a command word that answers the open question', () => {
  it('in English: "start" starts the preparation, "later" puts it off', async () => {
    const { sam } = await invited('en-GB');
    await sam.send('later').expectReply(/I'll be here when it suits you/);
    await sam.send('start').expectReply(/Let's set up your coaching trajectory/); // nothing open: the command
  });

  it('in Dutch: "start" at the invitation starts the preparation', async () => {
    const { sam } = await invited('nl-NL');
    await sam.send('start').expectReply(/eerste gesprek met Robin .* voorbereiden/);
  });
});
