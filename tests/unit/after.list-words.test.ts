/**
 * After the conversation, "What else did you agree?" ends with what people type to say so ("Nee, dat was het.",
 * "That’s it!", "nope"), as the preparation's lists do: never recorded as an agreement.
 */
import { describe, expect, it } from 'vitest';
import { typedPreparation, type TypedLocale } from '../support/typed-journey.js';
import type { ScriptedUser } from '../support/scripted-client.js';
import { renderPlainText } from '../../src/core/reply.js';

async function prepareAll(sam: ScriptedUser, done: RegExp) {
  for (let i = 0; i < 25 && !done.test(renderPlainText(await sam.last())); i++) await sam.send('skip');
}

async function toAgreements(locale: TypedLocale) {
  const { h, sam, nl } = await typedPreparation(locale);
  await prepareAll(sam, nl ? /Je voorbereiding voor/ : /Your preparation for/);
  await sam.send(nl ? 'versturen' : 'send');
  h.clock.set('2026-12-10T15:10:00Z');
  await h.deliverDue();
  await sam.send(nl ? 'ja, we hebben elkaar gesproken' : 'yes, we met');
  return { h, sam };
}

describe('ending "What else did you agree?" in words', () => {
  it.each([
    ['en-GB', 'Practise the opening three times', 'in two weeks', 'Feasible', 'That’s it!', /when will you meet next/],
    ['nl-NL', 'De opening drie keer oefenen', 'over twee weken', 'Haalbaar', 'Nee, dat was het.', /volgende gesprek/],
  ] as const)('in %s', async (locale, what, when, feasible, enough, next) => {
    const { h, sam } = await toAgreements(locale);
    await sam
      .send(what)
      .send(when)
      .send(locale === 'nl-NL' ? 'ja' : 'yes')
      .send(feasible);
    await sam.send(enough).expectReply(next);
    const [trajectory] = await h.trajectories.listForPerson((await sam.person()).id);
    const agreements = await h.agreements.listForTrajectory(trajectory!.id);
    expect(agreements.map((a) => a.what)).toEqual([what]);
  });
});
