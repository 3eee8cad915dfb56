/**
 * Relative words in a notice ("tomorrow", "today", "in an hour", "coming up") are chosen when it is delivered, in the
 * recipient's time zone, never when it was planned: a reminder held up (the scheduler was down, the dev clock jumped)
 * says what is true when it is read, and one whose moment has passed is not sent at all.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import { coachDigest } from '../../src/coaching/digest.js';
import { nudgeWording } from '../../src/coaching/notices/agreement-nudge.notices.js';
import { daysFromToday } from '../../src/coaching/time.js';
import { translator } from '../../src/i18n/index.js';
import { robin, sam, session, trajectory } from '../support/digest-fixtures.js';
import { typedPair } from '../support/typed-journey.js';

describe('days from today, where the reader is', () => {
  it('counts calendar days in the zone, not 24-hour periods', () => {
    // 23:30 UTC on 9 December is already 00:30 on the 10th in Amsterdam, still 18:30 on the 9th in New York.
    const now = new Date('2026-12-09T23:30:00Z');
    expect(daysFromToday('2026-12-10', now, 'Europe/Amsterdam')).toBe(0);
    expect(daysFromToday('2026-12-10', now, 'America/New_York')).toBe(1);
    expect(daysFromToday('2026-12-08', now, 'Europe/Amsterdam')).toBe(-2);
  });

  it('an agreement nudge is worded by the date as it is read: coming up, today, then a gentle check-in', () => {
    const zone = 'Europe/Amsterdam';
    expect(nudgeWording('2026-12-11', new Date('2026-12-09T08:00:00Z'), zone)).toBe('nudge.upcoming');
    expect(nudgeWording('2026-12-11', new Date('2026-12-11T08:00:00Z'), zone)).toBe('nudge.due');
    // A "coming up" held up past the date asks how it is going instead; "a new date is fine too".
    expect(nudgeWording('2026-12-11', new Date('2026-12-25T08:00:00Z'), zone)).toBe('nudge.followup');
  });
});

describe('the preparation reminder says "tomorrow" only when it is tomorrow', () => {
  // The first conversation: Thursday 10 December 2026, 14:00 in Amsterdam (13:00 UTC). The invitation is planned for
  // Tuesday 8 December 09:00, the reminder for Wednesday 9 December 09:00.
  it('on time: "tomorrow"', async () => {
    const { h, sam } = await typedPair('en-GB');
    h.clock.set('2026-12-08T08:00:00Z');
    await h.deliverDue();
    await sam.expectReply(/Your conversation with Robin is on Thursday 10 December 2026 at 14:00\. Would you like/);
    h.clock.set('2026-12-09T08:00:00Z');
    await h.deliverDue();
    await sam.expectReply(/is tomorrow \(Thursday 10 December 2026 at 14:00\)/);
  });

  it('held up until the day itself: "today", in Dutch "vandaag"', async () => {
    const { h, sam } = await typedPair('nl-NL');
    h.clock.set('2026-12-08T08:00:00Z');
    await h.deliverDue();
    await sam.expectReply(/Je gesprek met Robin is op donderdag 10 december 2026 om 14:00/);
    // The clock jumps past Wednesday: the reminder goes out on Thursday morning.
    h.clock.set('2026-12-10T08:00:00Z');
    await h.deliverDue();
    await sam.expectReply(/Je gesprek met Robin is vandaag \(donderdag 10 december 2026 om 14:00\)/);
    expect(sam.transcript.map(renderPlainText).some((t) => /morgen/.test(t))).toBe(false);
  });

  it('across a weekend: Friday’s reminder for Monday names the day, not "tomorrow"', async () => {
    const { h, sam } = await typedPair('en-GB');
    await sam.send('move to 2026-12-14 14:00').expectReply(/Is that right/);
    await sam.send('yes').expectReply(/Moved to Monday 14 December 2026 at 14:00/);
    h.clock.set('2026-12-10T08:00:00Z');
    await h.deliverDue();
    await sam.expectReply(/Your conversation with Robin is on Monday 14 December 2026 at 14:00\. Would you like/);
    h.clock.set('2026-12-11T08:00:00Z');
    await h.deliverDue();
    await sam.expectReply(/Your conversation with Robin is on Monday 14 December 2026 at 14:00\. A few minutes/);
    expect(sam.transcript.map(renderPlainText).some((t) => /tomorrow/.test(t))).toBe(false);
  });

  it('invitation and reminder both held up until the day itself: one prompt, "today", not two', async () => {
    const { h, sam } = await typedPair('en-GB');
    const before = sam.transcript.length;
    // The clock jumps from 1 December to Thursday 10 December, 09:00 in Amsterdam: both are due at once.
    h.clock.set('2026-12-10T08:00:00Z');
    await h.deliverDue();
    const said = sam.transcript.slice(before).map(renderPlainText);
    expect(said.filter((t) => /Your conversation with Robin is/.test(t))).toEqual([
      expect.stringMatching(
        /^Your conversation with Robin is today \(Thursday 10 December 2026 at 14:00\)\. Would you like to prepare it\?/,
      ),
    ]);
    await sam.send('yes').expectReply(/What would you like to get out of coaching with Robin/);
  });

  it('an invitation sent the day before says "tomorrow", in Dutch "morgen"', async () => {
    const { h, sam } = await typedPair('nl-NL');
    h.clock.set('2026-12-09T08:00:00Z');
    await h.deliverDue();
    await sam.expectReply(
      /^Je gesprek met Robin is morgen \(donderdag 10 december 2026 om 14:00\)\. Wil je het voorbereiden\?/,
    );
  });

  it('held up until the conversation has begun: no invitation and no reminder to prepare at all', async () => {
    const { h, sam } = await typedPair('en-GB');
    const before = sam.transcript.length;
    // The clock jumps from 1 December to the middle of the conversation, then to after it.
    h.clock.set('2026-12-10T13:20:00Z');
    await h.deliverDue();
    h.clock.set('2026-12-16T08:00:00Z');
    await h.deliverDue();
    const said = sam.transcript.slice(before).map(renderPlainText);
    expect(said.some((t) => /prepar/i.test(t))).toBe(false);
    // What is still true is still asked: did it take place?
    expect(said.some((t) => /Did it take place\?/.test(t))).toBe(true);
  });
});

describe('the coach’s final digest says how long until the conversation as it is read', () => {
  const first = session(1, { status: 'prepared' });
  const title = (now: string, locale: 'en' | 'nl' = 'en') =>
    renderPlainText(
      coachDigest({
        session: first,
        trajectory,
        employee: sam,
        coach: robin,
        agreements: [],
        t: translator(locale),
        locale,
        now: new Date(now),
        final: true,
      }),
    ).split('\n')[0];

  it('"in an hour" on time, "in 20 minutes" when held up, the plain title when early', () => {
    expect(title('2026-12-10T12:00:00Z')).toMatch(/In an hour: your conversation with Sam/);
    expect(title('2026-12-10T12:40:00Z')).toMatch(/In 20 minutes: your conversation with Sam/);
    expect(title('2026-12-10T12:40:00Z', 'nl')).toMatch(/Over 20 minuten: je gesprek met Sam/);
    expect(title('2026-12-10T09:00:00Z')).toMatch(/Agenda for your conversation with Sam on Thursday 10 December/);
  });
});
