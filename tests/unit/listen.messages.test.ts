/**
 * Typed replies to the questions messages ask outside a flow, while another flow is open — a proposed agreement
 * ("Would you like to take this on?"), "Let's wrap it up together", "Shall we pick a date?" for the next
 * conversation — each landing where it belongs (the agreement, the wrap-up, the next date, a note on the conversation)
 * and quoted back; never "I'm not sure what you mean".
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import type { ScriptedUser } from '../support/scripted-client.js';
import { typedPair, type MemoryPair } from '../support/typed-journey.js';

/** A trajectory set up by typing; the first conversation is on Thursday 10 December 2026 at 14:00. */
const pair = (): Promise<MemoryPair> => typedPair('en-GB');

/** Robin marks the conversation held and proposes an agreement for Sam, while Sam has a preparation open. */
async function proposalWhilePreparing({ h, sam, robin }: MemoryPair): Promise<void> {
  await sam.send('prepare').expectReply(/What would you like to get out of coaching/);
  h.clock.set('2026-12-10T14:20:00Z');
  await h.deliverDue();
  await robin.send('yes').send('Practise the opening three times').send('next friday').send('yes');
  await h.deliverDue();
  await sam.expectReply(/Robin proposes an agreement for you: “Practise the opening three times”/);
}

const never = (user: ScriptedUser, re: RegExp) =>
  expect(user.transcript.map(renderPlainText).filter((t) => re.test(t))).toEqual([]);

describe('typed replies to what a message asked, with another flow open', () => {
  it('a proposal: "sure" accepts it and asks how feasible; other words are a note on it', async () => {
    const p = await pair();
    await proposalWhilePreparing(p);
    const { h, sam, trajectoryId } = p;
    await sam
      .send('Friday is tight, I am away on Thursday')
      .expectReply(/Noted for “Practise the opening three times”: “Friday is tight, I am away on Thursday”/)
      .expectReply(/Would you like to take this on\?/);
    await sam
      .send('sure')
      .expectReply(/Accepted: “Practise the opening three times”/)
      .expectReply(/How feasible is this by Friday 11 December 2026\?/);
    await sam.send('With an early start, yes').expectReply(/Noted: “With an early start, yes”/);
    await h.deliverDue();
    const [agreement] = await h.agreements.listForTrajectory(trajectoryId);
    expect(agreement!.status).toBe('open');
    expect(agreement!.history.filter((e) => e.change === 'note').map((e) => e.note)).toEqual([
      'Friday is tight, I am away on Thursday',
      'With an early start, yes',
    ]);
    never(sam, /not sure what you mean/);
  });

  it('a proposal: "no thanks" declines it', async () => {
    const p = await pair();
    await proposalWhilePreparing(p);
    await p.sam.send('no thanks').expectReply(/Declined: “Practise the opening three times”/);
    await p.h.deliverDue();
    const [agreement] = await p.h.agreements.listForTrajectory(p.trajectoryId);
    expect(agreement!.status).toBe('dropped');
  });

  it('"Let\'s wrap it up together": a typed reply starts the wrap-up, and "that is all" moves on', async () => {
    const p = await pair();
    await proposalWhilePreparing(p);
    const { sam } = p;
    expect(sam.transcript.map(renderPlainText).join('\n')).toMatch(/Robin noted that .* Let’s wrap it up together/);
    await sam.send('no').expectReply(/Declined/); // the proposal came last: the no answers it
    await sam
      .send('ok')
      .expectReply(/Great that your conversation took place/)
      .expectReply(/What will you do yourself\?/);
    await sam.send('that is all').expectReply(/Let’s plan the next one right away/);
    await sam.send('that suits me').expectReply(/planned for Thursday 24 December 2026 at 14:00/);
    never(sam, /not sure what you mean/);
  });

  it('"Shall we pick a date?": other words are a note on the conversation; a flow opened later takes the reply', async () => {
    const { h, sam, robin, trajectoryId } = await pair();
    h.clock.set('2026-12-10T14:20:00Z');
    await h.deliverDue();
    await robin.send('yes').send('no agreements').send('skip').send('skip').send('skip');
    h.clock.set('2026-12-14T08:30:00Z');
    await h.deliverDue();
    await robin
      .expectReply(/You and Sam haven’t planned your next conversation yet\. Shall we pick a date\?/)
      .send('Not yet, Sam is away until January')
      .expectReply(/Noted: “Not yet, Sam is away until January”/);
    await sam
      .expectReply(/Shall we pick a date\?/)
      .send('agreements')
      .press('Add an agreement')
      .expectReply(/Who will do it/); // another flow opens meanwhile: it is asked last, so it takes the next reply
    await sam.send('me').expectReply(/What exactly/);
    await h.deliverDue();
    const [first, second] = await h.sessions.listForTrajectory(trajectoryId);
    expect(second).toBeUndefined();
    expect(first!.notes?.map((n) => [n.role, n.text])).toEqual([['coach', 'Not yet, Sam is away until January']]);
    never(robin, /not sure what you mean/);
  });

  it('"Did it take place?" and then "Shall we pick a date?": "yes, we met" answers the first', async () => {
    // Found by hand: "yes, we met" started the date planning instead of the wrap-up.
    const first = await pair();
    first.h.clock.set('2026-12-10T14:20:00Z');
    await first.h.deliverDue();
    first.h.clock.set('2026-12-11T08:30:00Z');
    await first.h.deliverDue();
    await first.sam
      .expectReply(/Shall we pick a date\?/)
      .send('yes, we met')
      .expectReply(/Great that your conversation took place/);

    never(first.sam, /not sure what you mean/);
  });

  it('"Shall we pick a date?" while a flow is open: a date in a sentence is confirmed once and planned', async () => {
    const { h, sam, robin, trajectoryId } = await pair();
    h.clock.set('2026-12-10T14:20:00Z');
    await h.deliverDue();
    await robin.send('yes').send('no agreements').send('skip').send('skip').send('skip');
    await sam
      .send('agreements')
      .press('Add an agreement')
      .expectReply(/Who will do it/);
    h.clock.set('2026-12-14T08:30:00Z');
    await h.deliverDue();
    // The agreement being written is parked, said in one line, and taken up again once the date is fixed.
    await sam
      .expectReply(/Shall we pick a date\?/)
      .send("Let's meet Thursday 7 January at 14:00")
      .expectReply(/^First the date – then we carry on where we were\.$/)
      .expectReply(/Let me check: Thursday 7 January 2027 at 14:00\. Is that right\?/);
    await sam
      .send('perfect')
      .expectReply(/planned for Thursday 7 January 2027 at 14:00/)
      .expectReply(/Back to where we were/)
      .expectReply(/Who will do it/);
    await sam.send('me').expectReply(/What exactly/);
    await sam
      .send('Book a room')
      .send('friday')
      .send('yes')
      .expectReply(/Agreed: you will take on “Book a room”/);
    await h.deliverDue();
    const [, second] = await h.sessions.listForTrajectory(trajectoryId);
    expect(second!.startsAt.toISOString()).toBe('2027-01-07T13:00:00.000Z');
    expect((await h.agreements.listForTrajectory(trajectoryId)).map((a) => a.what)).toEqual(['Book a room']);
    never(sam, /not sure what you mean/);
  });

  it('its button, pressed while a flow is open: the flow is parked, and leaving the date for now goes back to it', async () => {
    const { h, sam, robin } = await pair();
    h.clock.set('2026-12-10T14:20:00Z');
    await h.deliverDue();
    await robin.send('yes').send('no agreements').send('skip').send('skip').send('skip');
    h.clock.set('2026-12-14T08:30:00Z');
    await h.deliverDue();
    await sam.expectReply(/Shall we pick a date\?/);
    await sam
      .send('agreements')
      .press('Add an agreement')
      .expectReply(/Who will do it/);
    await sam
      .press('Plan the next conversation')
      .expectReply(/First the date/)
      .expectReply(/When would you like to meet next/);
    // Pressed again meanwhile: still one parked flow, told once.
    await sam.press('Plan the next conversation').expectReply(/When would you like to meet next/);
    await sam
      .send('stop')
      .expectReply(/Back to where we were/)
      .expectReply(/Who will do it/);
    expect(sam.transcript.map(renderPlainText).filter((t) => /First the date/.test(t))).toHaveLength(1);
    await sam.send('me').expectReply(/What exactly/);
  });
});
