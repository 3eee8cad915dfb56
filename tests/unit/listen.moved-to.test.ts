/**
 * "Did it take place?" answered with "We moved it to Friday at 14:00": the new date is read from the sentence and
 * confirmed, not asked for again; "We hebben het verzet" without a date asks for one, as before.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import { dateIn } from '../../src/coaching/dates.js';
import { typedPreparation, type TypedLocale } from '../support/typed-journey.js';

async function toFollowUp(locale: TypedLocale) {
  const { h, sam, nl } = await typedPreparation(locale);
  for (let i = 0; i < 25 && !/Your preparation for|Je voorbereiding voor/.test(renderPlainText(await sam.last())); i++)
    await sam.send(nl ? 'overslaan' : 'skip');
  await sam.send(nl ? 'versturen' : 'send');
  h.clock.set('2026-12-10T15:10:00Z');
  await h.deliverDue();
  await sam.expectReply(nl ? /Heeft het plaatsgevonden/ : /Did it take place/);
  return { h, sam };
}

describe('a moved conversation, with its new date in the same sentence', () => {
  it('reads the date in the sentence and never a short Dutch word as a day', () => {
    expect(dateIn('We moved it to Friday at 14:00', '2026-12-10')).toEqual({ phrase: 'friday 14:00' });
    expect(dateIn('verzet naar donderdag 17 december om 10:00', '2026-12-10')).toEqual({
      phrase: 'donderdag 17 december 10:00',
    });
    expect(dateIn('We hebben het verzet, zo snel mogelijk', '2026-12-10')).toBeNull();
    expect(dateIn('we moved it, do you mind', '2026-12-10')).toBeNull();
  });

  it('in English: confirmed, then moved', async () => {
    const { h, sam } = await toFollowUp('en-GB');
    await sam.send('We moved it to Friday at 14:00').expectReply(/Friday 11 December 2026 at 14:00\. Is that right/);
    await sam.send('yes').expectReply(/Moved to Friday 11 December 2026 at 14:00/);
    const [trajectory] = await h.trajectories.listForPerson((await sam.person()).id);
    const sessions = await h.sessions.listForTrajectory(trajectory!.id);
    expect(sessions.map((s) => s.startsAt.toISOString())).toContain('2026-12-11T13:00:00.000Z');
  });

  it('with an agreement half written: it is parked in one line and asked again once the date is moved', async () => {
    const { h, sam } = await typedPreparation('en-GB');
    await sam
      .send('agreements')
      .press('Add an agreement')
      .expectReply(/Who will do it/);
    h.clock.set('2026-12-10T15:10:00Z');
    await h.deliverDue();
    await sam
      .expectReply(/Did it take place/)
      .send('We moved it to Friday at 14:00')
      .expectReply(/First the date – then we carry on where we were/)
      .expectReply(/Friday 11 December 2026 at 14:00\. Is that right/);
    await sam
      .send('yes')
      .expectReply(/Moved to Friday 11 December 2026 at 14:00/)
      .expectReply(/Back to where we were/)
      .expectReply(/Who will do it/);
    await sam.send('me').expectReply(/What exactly/);
  });

  it('in Dutch, without a date: asked which day and time', async () => {
    const { sam } = await toFollowUp('nl-NL');
    await sam.send('We hebben het verzet').expectReply(/Naar welke dag en tijd/);
  });
});
