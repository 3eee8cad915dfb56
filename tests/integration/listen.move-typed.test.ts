/**
 * Moving by typing and the wrap-up parking an open flow, on the MongoDB-compatible server: the coach moves the
 * conversation with a typed date after "next session" (stored, and the employee told), the employee moves it again
 * with "move to …", and "Yes, we met" later parks the agreement the employee was writing until the wrap-up is left;
 * calling off is confirmed first, over an agreement being written, which is asked again after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/scripted-client.js';
import { typedPairOn } from '../support/typed-journey.js';

describe('moving by typing, and the wrap-up over an open flow, stored', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ start: '2026-12-01T08:00:00Z', label: 'move-typed' });
  });
  afterAll(() => h.close());

  it('moves by typed words, then parks the open flow under the wrap-up', async () => {
    const { sam, robin } = await typedPairOn(h, 'en-GB');
    const [trajectory] = await h.app.store.trajectories.listForPerson((await sam.person()).id);
    const starts = async () =>
      (await h.app.store.sessions.listForTrajectory(trajectory!.id)).map((s) => s.startsAt.toISOString());

    await robin
      .send('next session')
      .send('Friday 11 December at 15:00')
      .expectReply(/Friday 11 December 2026 at 15:00\. Is that right/)
      .send('yes')
      .expectReply(/Moved to Friday 11 December 2026 at 15:00/);
    expect(await starts()).toEqual(['2026-12-11T14:00:00.000Z']);
    await h.deliverDue();
    await sam.expectReply(/Robin moved your conversation to Friday 11 December 2026 at 15:00/);

    await sam.send('move to Monday 14 December at 10:00').expectReply(/Is that right/);
    await sam.send('yes').expectReply(/Moved to Monday 14 December 2026 at 10:00/);
    expect(await starts()).toEqual(['2026-12-14T09:00:00.000Z']);

    await sam
      .send('agreements')
      .press('Add an agreement')
      .expectReply(/Who will do it/);
    h.clock.set('2026-12-14T10:20:00Z');
    await h.deliverDue();
    await sam
      .expectReply(/Did it take place/)
      .send('Yes, we met')
      .expectReply(/First we wrap up your conversation – then we carry on where we were/)
      .expectReply(/What will you do yourself/);
    await sam
      .send('stop')
      .expectReply(/Back to where we were/)
      .expectReply(/Who will do it/);
    await sam.send('me').expectReply(/What exactly/);
    const [first] = await h.app.store.sessions.listForTrajectory(trajectory!.id);
    expect(first?.status).toBe('held');
  });
});

describe('calling off over an open flow, stored', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ start: '2026-12-01T08:00:00Z', label: 'call-off' });
  });
  afterAll(() => h.close());

  it('calls off only after the confirmation, over an open agreement, which is asked again; the coach is told', async () => {
    const pair = await typedPairOn(h, 'nl-NL');
    const { sam, robin } = pair;
    const [trajectory] = await h.app.store.trajectories.listForPerson((await sam.person()).id);
    const status = async () => (await h.app.store.sessions.listForTrajectory(trajectory!.id))[0]?.status;
    await sam
      .send('afspraken')
      .press('Afspraak toevoegen')
      .expectReply(/Wie gaat het doen/);
    await sam
      .send('volgend gesprek')
      .send('afzeggen')
      .expectReply(/Eerst even één vraag – daarna gaan we verder waar we waren\./)
      .expectReply(/Je gesprek met Robin van donderdag 10 december 2026 om 14:00 afzeggen\?/);
    expect(await status()).toBe('scheduled');
    await sam
      .send('ja')
      .expectReply(/is afgezegd – ik laat het Robin weten/)
      .expectReply(/Terug naar waar we waren/)
      .expectReply(/Wie gaat het doen/);
    expect(await status()).toBe('cancelled');
    await h.deliverDue();
    await robin.expectReply(/heeft jullie gesprek van donderdag 10 december 2026 om 14:00 afgezegd/);
  });
});
