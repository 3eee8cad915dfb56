/**
 * The reminder about an agreement offers to remind again in plain words ("Remind me tomorrow", "In 3 days", "In a
 * week" / "Morgen opnieuw", "Over 3 dagen", "Over een week"), not "Remind me in 1 d"; so does the dashboard. Each
 * still snoozes for its number of days, and a typed answer to the reminder is still a note on the agreement.
 */
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.js';
import { afterFirstConversation, typedPair } from '../support/typed-journey.js';

const CASES = [
  {
    locale: 'en-GB',
    yes: 'yes',
    agreement: 'Practise the opening three times',
    when: 'in two weeks',
    feasible: 'Feasible',
    enough: "that's all",
    reminder: /Coming up: your agreement “Practise the opening three times”/,
    snooze: ['Remind me tomorrow', 'In 3 days', 'In a week'],
    home: ['Remind me tomorrow', 'In a week'],
    snoozed: /^Okay, I’ll remind you again around Friday 25 December 2026 at 09:30\.$/,
    typed: 'Busy with it, booked a room',
    read: /I read this as: \*Busy with it\*/,
  },
  {
    locale: 'nl-NL',
    yes: 'ja',
    agreement: 'De opening drie keer oefenen',
    when: 'over twee weken',
    feasible: 'Haalbaar',
    enough: 'dat was het',
    reminder: /Binnenkort: je afspraak “De opening drie keer oefenen”/,
    snooze: ['Morgen opnieuw', 'Over 3 dagen', 'Over een week'],
    home: ['Morgen opnieuw', 'Over een week'],
    snoozed: /^Prima, ik herinner je er rond vrijdag 25 december 2026 om 09:30 weer aan\.$/,
    typed: 'Ben ermee bezig, zaal geboekt',
    read: /Ik lees hierin: \*Ermee bezig\*/,
  },
] as const;

const snoozeLabels = (reply: Reply | undefined): string[] =>
  (reply?.blocks ?? []).flatMap((b) =>
    b.kind === 'buttons' ? b.buttons.filter((x) => x.action === 'agreement.snooze').map((x) => x.label) : [],
  );

describe('the reminder’s snooze buttons in plain words', () => {
  it.each(CASES)('$locale', async (c) => {
    const pair = await afterFirstConversation(await typedPair(c.locale));
    const { h, sam, robin } = pair;
    await robin.send(c.yes);
    await h.deliverDue();
    await sam
      .send(c.agreement)
      .send(c.when)
      .send(c.yes)
      .send(c.feasible)
      .send(c.enough)
      .send(c.yes)
      .send('4')
      .send(c.enough);
    // Tuesday 22 December, 09:30 in Amsterdam: two working days before the date.
    h.clock.set('2026-12-22T08:30:00Z');
    await h.deliverDue();
    await sam.expectReply(c.reminder);
    const reminder = sam.transcript.find((r) => c.reminder.test(r.text));
    expect(snoozeLabels(reminder)).toEqual(c.snooze);
    // A typed answer to the reminder is still read and kept as a note; the buttons stay.
    await sam.send(c.typed).expectReply(c.read);
    await sam.press(c.snooze[1]).expectReply(c.snoozed);
    const [agreement] = await h.agreements.listForTrajectory(pair.trajectoryId);
    expect(agreement!.remindAfter?.toISOString()).toBe('2026-12-25T08:30:00.000Z');
    expect(agreement!.history.map((e) => e.note ?? e.change)).toContain(c.typed);

    await sam.send('home');
    expect(snoozeLabels(await sam.last())).toEqual(c.home);
  });
});
