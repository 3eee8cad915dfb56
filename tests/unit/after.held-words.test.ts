/**
 * During the wrap-up, words that answer "Did it take place?" ("ja, het gesprek heeft plaatsgevonden", "yes, we met")
 * are read as that answer in either language, whatever the person's own: said back as recorded, and the wrap-up's
 * question asked again. They never become the text of an agreement, nor a yes to the proposed next date.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import type { ScriptedUser } from '../support/scripted-client.js';
import { typedPair, type TypedLocale } from '../support/typed-journey.js';

const never = (user: ScriptedUser, re: RegExp) =>
  expect(user.transcript.map(renderPlainText).filter((t) => re.test(t))).toEqual([]);

const CASES: readonly {
  readonly locale: TypedLocale;
  /** Typed in the other language. */
  readonly held: string;
  readonly yes: string;
  readonly noted: RegExp;
  readonly coachAgreements: RegExp;
  readonly employeeAgreements: RegExp;
  readonly none: string;
  readonly next: RegExp;
  readonly when: RegExp;
}[] = [
  {
    locale: 'en-GB',
    held: 'ja, het gesprek heeft plaatsgevonden',
    yes: 'yes',
    noted: /^Yes – it is recorded that your conversation with (Sam|Robin) took place\.$/,
    coachAgreements: /What did Sam propose to do\?/,
    employeeAgreements: /What will you do yourself\?/,
    none: 'No agreements this time',
    next: /Let’s plan the next one right away/,
    when: /By when will it be done\?/,
  },
  {
    locale: 'nl-NL',
    held: 'yes, we met',
    yes: 'ja',
    noted: /^Ja – het staat genoteerd dat je gesprek met (Sam|Robin) heeft plaatsgevonden\.$/,
    coachAgreements: /Wat stelde Sam zelf voor\?/,
    employeeAgreements: /Wat ga je zelf doen\?/,
    none: 'Deze keer geen afspraken',
    next: /Laten we het volgende gesprek meteen plannen/,
    when: /Wanneer is het uiterlijk klaar\?/,
  },
];

describe('"did it take place?" words during the wrap-up, in the other language', () => {
  it.each(CASES)('$locale: the coach’s held words are no agreement and no next date', async (c) => {
    const { h, robin, trajectoryId } = await typedPair(c.locale);
    h.clock.set('2026-12-10T14:20:00Z');
    await h.deliverDue();
    await robin.send(c.yes).expectReply(c.coachAgreements);
    await robin.send(c.held).expectReply(c.noted).expectReply(c.coachAgreements);
    await robin.press(c.none).expectReply(c.next);
    await robin.send(c.held).expectReply(c.noted).expectReply(c.next);
    await h.deliverDue();
    expect(await h.agreements.listForTrajectory(trajectoryId)).toEqual([]);
    const [first, second] = await h.sessions.listForTrajectory(trajectoryId);
    expect(first!.status).toBe('held');
    expect(second).toBeUndefined();
    never(robin, c.when);
  });

  it.each(CASES)('$locale: the employee, wrapping up after the coach, the same', async (c) => {
    const { h, sam, robin, trajectoryId } = await typedPair(c.locale);
    h.clock.set('2026-12-10T14:20:00Z');
    await h.deliverDue();
    await robin.send(c.yes);
    await h.deliverDue();
    await sam.expectReply(c.employeeAgreements).send(c.held).expectReply(c.noted).expectReply(c.employeeAgreements);
    await h.deliverDue();
    expect(await h.agreements.listForTrajectory(trajectoryId)).toEqual([]);
    never(sam, c.when);
  });
});
