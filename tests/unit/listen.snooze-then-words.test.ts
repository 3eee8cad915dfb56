/**
 * Putting a reminder off ("Remind me tomorrow") answers nothing about how the agreement is going, so what the person
 * types next still reaches it: "Busy with it, booked a room" is read as a status and a note, as it is before the
 * snooze (it used to get "I'm not sure what you mean").
 */
import { describe, expect, it } from 'vitest';
import { agreedAndWrappedUp, typedPair } from '../support/typed-journey.js';

describe('words after putting a reminder off', () => {
  it('still reach the agreement the reminder asked about', async () => {
    const pair = await agreedAndWrappedUp(await typedPair('en-GB'), ['Practise the opening three times by 2026-12-16']);
    const { h, sam, trajectoryId } = pair;
    h.clock.set('2026-12-14T09:00:00Z');
    await h.deliverDue();
    await sam.expectReply(/Practise the opening three times/);
    await sam.press('Remind me tomorrow').expectReply(/remind you/i);
    await sam.send('Busy with it, booked a room').expectReply(/I read this as: \*Busy with it\*/);
    const [agreement] = await h.agreements.listForTrajectory(trajectoryId);
    expect(agreement?.history.some((e) => e.note === 'Busy with it, booked a room')).toBe(true);
  });
});
