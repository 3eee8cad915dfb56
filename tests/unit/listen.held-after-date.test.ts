/**
 * "Did it take place?" stays open while "Shall we pick a date?" about the same conversation is answered: once the
 * next date is planned, "yes, it took place" / "ja, het gesprek heeft plaatsgevonden" still starts the wrap-up, in
 * English and Dutch (the coach plans the date first, as people do when the other asks about the next one).
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import type { ScriptedUser } from '../support/scripted-client.js';
import { typedPair, type TypedLocale } from '../support/typed-journey.js';

const never = (user: ScriptedUser, re: RegExp) =>
  expect(user.transcript.map(renderPlainText).filter((t) => re.test(t))).toEqual([]);

const CASES: readonly {
  readonly locale: TypedLocale;
  readonly date: string;
  readonly yes: string;
  readonly askDate: RegExp;
  readonly check: RegExp;
  readonly planned: RegExp;
  readonly held: string;
  readonly intro: RegExp;
  readonly unknown: RegExp;
  readonly agreements: string;
  readonly add: string;
  readonly who: RegExp;
  readonly me: string;
  readonly what: RegExp;
  readonly parkedForDate: RegExp;
  readonly back: RegExp;
  readonly parkedForWrapUp: RegExp;
}[] = [
  {
    locale: 'en-GB',
    date: 'Thursday 7 January at 14:00',
    yes: 'yes',
    askDate: /Shall we pick a date\?/,
    check: /Let me check: Thursday 7 January 2027 at 14:00\. Is that right\?/,
    planned: /planned for Thursday 7 January 2027 at 14:00/,
    held: 'yes, it took place',
    intro: /Great that your conversation took place/,
    unknown: /not sure what you mean/,
    agreements: 'agreements',
    add: 'Add an agreement',
    who: /Who will do it\?/,
    me: 'me',
    what: /What exactly will be done\?/,
    parkedForDate: /^First the date – then we carry on where we were\.$/,
    back: /Back to where we were/,
    parkedForWrapUp: /^First we wrap up your conversation – then we carry on where we were\.$/,
  },
  {
    locale: 'nl-NL',
    date: 'donderdag 7 januari om 14:00',
    yes: 'ja',
    askDate: /Zullen we een datum kiezen\?/,
    check: /Even checken: donderdag 7 januari 2027 om 14:00\. Klopt dat\?/,
    planned: /gepland op donderdag 7 januari 2027 om 14:00/,
    held: 'ja, het gesprek heeft plaatsgevonden',
    intro: /Fijn dat jullie gesprek heeft plaatsgevonden/,
    unknown: /weet niet precies wat je bedoelt/,
    agreements: 'afspraken',
    add: 'Afspraak toevoegen',
    who: /Wie gaat het doen\?/,
    me: 'ik',
    what: /Wat wordt er precies gedaan\?/,
    parkedForDate: /^Eerst de datum – daarna gaan we verder waar we waren\.$/,
    back: /Terug naar waar we waren/,
    parkedForWrapUp: /^Eerst ronden we jullie gesprek af – daarna gaan we verder waar we waren\.$/,
  },
];

describe('"Did it take place?" after the next date is planned', () => {
  it.each(CASES)('$locale: the coach plans the date, then says it took place: the wrap-up starts', async (c) => {
    const { h, robin, trajectoryId } = await typedPair(c.locale);
    h.clock.set('2026-12-10T14:20:00Z'); // "Did it take place?"
    await h.deliverDue();
    h.clock.set('2026-12-11T08:30:00Z'); // "Shall we pick a date?"
    await h.deliverDue();
    await robin.expectReply(c.askDate).send(c.date).expectReply(c.check);
    await robin.send(c.yes).expectReply(c.planned);
    await robin.send(c.held).expectReply(c.intro);
    await h.deliverDue();
    const [first] = await h.sessions.listForTrajectory(trajectoryId);
    expect(first!.status).toBe('held');
    never(robin, c.unknown);
  });

  it.each(CASES)(
    '$locale: with a flow parked under the date, the flow takes its reply and "it took place" still wraps up',
    async (c) => {
      const { h, robin } = await typedPair(c.locale);
      h.clock.set('2026-12-10T14:10:00Z');
      await robin.send(c.agreements).press(c.add).expectReply(c.who); // a flow open before "Did it take place?"
      h.clock.set('2026-12-10T14:20:00Z');
      await h.deliverDue();
      h.clock.set('2026-12-11T08:30:00Z');
      await h.deliverDue();
      await robin.expectReply(c.askDate).send(c.date).expectReply(c.parkedForDate).expectReply(c.check);
      await robin.send(c.yes).expectReply(c.planned).expectReply(c.back).expectReply(c.who);
      // Words that say it took place reach the older question: the wrap-up starts, the agreement is parked again…
      await robin.send(c.held).expectReply(c.parkedForWrapUp).expectReply(c.intro);
      // …while any other reply goes to the flow (listen.messages.test.ts: "me" answers "Who will do it?").
      await robin.send('stop').expectReply(c.back).expectReply(c.who);
      await robin.send(c.me).expectReply(c.what);
      never(robin, c.unknown);
    },
  );

  it.each(CASES)(
    '$locale: after "Plan the next conversation" is pressed, "it took place" still wraps up',
    async (c) => {
      const { h, robin } = await typedPair(c.locale);
      h.clock.set('2026-12-10T14:20:00Z');
      await h.deliverDue();
      h.clock.set('2026-12-11T08:30:00Z');
      await h.deliverDue();
      await robin.expectReply(c.askDate);
      await robin.send('Not yet').expectReply(/“Not yet”/); // kept as a note, with the button to plan it later
      const plan = robin.transcript.at(-1)!.blocks!.flatMap((b) => (b.kind === 'buttons' ? b.buttons : []))[0]!;
      await robin.press(plan.label).send(c.date).expectReply(c.check);
      await robin.send(c.yes).expectReply(c.planned);
      await robin.send(c.held).expectReply(c.intro);
      never(robin, c.unknown);
    },
  );
});
