/**
 * The rhythm's proposed next date skips weekends and the common public holidays of the Netherlands
 * (src/coaching/holidays.ts), driven through the wrap-up: a conversation on Friday 18 December 2026, every two
 * weeks, is followed by Monday 4 January 2027, not New Year's Day; one on Friday 11 December by Monday 28 December,
 * not Christmas Day (Boxing Day is a Saturday).
 */
import { describe, expect, it } from 'vitest';
import { typedPair } from '../support/typed-journey.js';

const CASES = [
  {
    locale: 'en-GB',
    held: 'yes, we met',
    enough: "that's all",
    usual: /Your rhythm suggests Thursday 24 December 2026 at 14:00/,
    date: 'Friday 18 December at 14:00',
    check: /Let me check: Friday 18 December 2026 at 14:00/,
    yes: 'yes',
    skip: 'skip',
    heldAt: '2026-12-18T14:20:00Z',
    proposed: /Your rhythm suggests Monday 4 January 2027 at 14:00\./,
    agree: 'that suits me',
    planned: /next conversation is planned for Monday 4 January 2027 at 14:00/,
    startsAt: '2027-01-04T13:00:00.000Z',
  },
  {
    locale: 'nl-NL',
    held: 'ja, we hebben gesproken',
    enough: 'dat was het',
    usual: /ritme wordt dat donderdag 24 december 2026 om 14:00/,
    date: 'vrijdag 11 december om 14:00',
    check: /Even checken: vrijdag 11 december 2026 om 14:00/,
    yes: 'ja',
    skip: 'overslaan',
    heldAt: '2026-12-11T14:20:00Z',
    proposed: /Volgens jullie ritme wordt dat maandag 28 december 2026 om 14:00\./,
    agree: 'dat past',
    planned: /volgende gesprek staat gepland op maandag 28 december 2026 om 14:00/,
    startsAt: '2026-12-28T13:00:00.000Z',
  },
] as const;

describe('the rhythm’s proposed next date skips public holidays', () => {
  it.each(CASES)('$locale: the holiday is passed over for the next working day', async (c) => {
    const { h, sam, trajectoryId } = await typedPair(c.locale);
    h.clock.set('2026-12-10T14:20:00Z');
    await h.deliverDue();
    await sam.send(c.held).send(c.enough).expectReply(c.usual);
    await sam.send(c.date).expectReply(c.check);
    await sam.send(c.yes).send(c.skip).send(c.skip);
    h.clock.set(c.heldAt);
    await h.deliverDue();
    await sam.send(c.held).send(c.enough).expectReply(c.proposed);
    await sam.send(c.agree).expectReply(c.planned);
    await h.deliverDue();
    const sessions = await h.sessions.listForTrajectory(trajectoryId);
    expect(sessions.map((s) => s.startsAt.toISOString()).at(-1)).toBe(c.startsAt);
  });
});
