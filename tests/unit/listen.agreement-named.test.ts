/**
 * A typed reply to reminders about two agreements goes to the agreement it names: "I asked Jesse for the update,
 * done" is about “Ask Jesse for a short update”, even though the reminder about “Hand the client project over to
 * Jesse” came after it ("Jesse" is in both and does not count). A reply that names neither answers the newest.
 */
import { describe, expect, it } from 'vitest';
import { agreedAndWrappedUp, typedPair } from '../support/typed-journey.js';

describe('a reply that names one of two agreements', () => {
  it('reaches that agreement, not the newest reminder', async () => {
    const pair = await agreedAndWrappedUp(await typedPair('en-GB'), [
      'Ask Jesse for a short update by 2026-12-16',
      'Hand the client project over to Jesse by 2026-12-17',
    ]);
    const { h, sam, trajectoryId } = pair;

    h.clock.set('2026-12-15T09:00:00Z');
    await h.deliverDue();
    await sam.expectReply(/Hand the client project over to Jesse/);
    const status = async () =>
      Object.fromEntries((await h.agreements.listForTrajectory(trajectoryId)).map((a) => [a.what, a.status]));

    await sam.send('I asked Jesse for the update, done').expectReply(/Ask Jesse for a short update/);
    expect(await status()).toEqual({
      'Ask Jesse for a short update': 'done',
      'Hand the client project over to Jesse': 'open',
    });
    await sam.send('Busy with it').expectReply(/Hand the client project over to Jesse/); // names neither: the newest
  });

  it('in Dutch: "De update van Jesse heb ik gevraagd, dat is gedaan"', async () => {
    const pair = await agreedAndWrappedUp(await typedPair('nl-NL'), [
      'Ik vraag Jesse om een korte update, uiterlijk 2026-12-16',
      'Ik draag het klantproject over aan Jesse, uiterlijk 2026-12-17',
    ]);
    const { h, sam, trajectoryId } = pair;
    h.clock.set('2026-12-15T09:00:00Z');
    await h.deliverDue();
    await sam.expectReply(/Ik draag het klantproject over aan Jesse/);
    await sam
      .send('De update van Jesse heb ik gevraagd, dat is gedaan')
      .expectReply(/Ik vraag Jesse om een korte update/);
    const status = Object.fromEntries(
      (await h.agreements.listForTrajectory(trajectoryId)).map((a) => [a.what, a.status]),
    );
    expect(status).toEqual({
      'Ik vraag Jesse om een korte update': 'done',
      'Ik draag het klantproject over aan Jesse': 'open',
    });
  });
});
