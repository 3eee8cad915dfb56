/**
 * "Did it take place?" answered in words that say neither yes, moved nor no: kept as a note on the conversation,
 * quoted back with who will see it, asked again once; and the coach finds the notes in the next agenda.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import type { ScriptedUser } from '../support/scripted-client.js';
import { afterFirstConversation, typedPair } from '../support/typed-journey.js';

const count = (user: ScriptedUser, re: RegExp): number =>
  user.transcript.map(renderPlainText).filter((t) => re.test(t)).length;

describe('a note on the conversation, typed in reply to "did it take place?"', () => {
  it('is kept, quoted back and shown in the next agenda (English)', async () => {
    const { h, sam, robin, trajectoryId } = await afterFirstConversation(await typedPair('en-GB'));

    await robin
      .expectReply(/Did it take place/)
      .send('We spent the hour on the budget')
      .expectReply(
        /Noted for your conversation of Thursday 10 December 2026 at 14:00: “We spent the hour on the budget”\nYou will find this note in the agenda of your next conversation/,
      )
      .expectReply(/Did your conversation with Sam take place\? Your own words are fine/);
    // A second answer that says neither is kept too, and the question closes (it is not asked a third time).
    await robin.send('Sam had prepared a lot').expectReply(/Noted for your conversation .*“Sam had prepared a lot”/);
    expect(count(robin, /Did your conversation with Sam take place/)).toBe(1);
    // A bare yes answers it without a note; more than a bare answer is kept as well.
    await sam
      .expectReply(/Did it take place/)
      .send('Yes, we met and it went really well')
      .expectReply(/Robin sees this note in the agenda of your next conversation/)
      .expectReply(/What will you do yourself/);
    await h.deliverDue();
    await robin.expectReply(/Sam noted that your conversation took place/).expectReply(/What did Sam propose to do/);

    const [first] = await h.sessions.listForTrajectory(trajectoryId);
    expect(first!.status).toBe('held');
    expect(first!.notes?.map((n) => [n.role, n.text])).toEqual([
      ['coach', 'We spent the hour on the budget'],
      ['coach', 'Sam had prepared a lot'],
      ['employee', 'Yes, we met and it went really well'],
    ]);

    // Wrap up and plan the next one; the coach's agenda for it opens with what was said about this one.
    await robin.send("that's all").send('that suits me').send('skip').send('skip');
    h.clock.set('2026-12-23T09:00:00Z');
    await robin
      .send('agenda')
      .expectReply(
        (_r, t) =>
          /What was said about your last conversation/.test(t) &&
          /Robin noted: “We spent the hour on the budget”/.test(t) &&
          /Sam noted: “Yes, we met and it went really well”/.test(t),
      );
  });

  it('wordt bewaard en teruggegeven (Nederlands)', async () => {
    const { h, sam, trajectoryId } = await afterFirstConversation(await typedPair('nl-NL'));
    await sam
      .expectReply(/Heeft het plaatsgevonden/)
      .send('Robin had weinig tijd')
      .expectReply(/Genoteerd bij jullie gesprek van .*“Robin had weinig tijd”\nRobin ziet deze notitie in de agenda/)
      .expectReply(/Heeft je gesprek met Robin plaatsgevonden/);
    const [first] = await h.sessions.listForTrajectory(trajectoryId);
    expect(first!.notes?.map((n) => [n.role, n.text])).toEqual([['employee', 'Robin had weinig tijd']]);
    await sam.send('ja hoor').expectReply(/Wat ga je zelf doen/); // a yes said some other way
    const [held] = await h.sessions.listForTrajectory(trajectoryId);
    expect(held!.status).toBe('held');
    expect(held!.notes).toHaveLength(1); // a bare yes adds no note
  });

  it('words that only say it took place are the answer, not a note ("ja, het gesprek heeft plaatsgevonden")', async () => {
    const { h, robin, trajectoryId } = await afterFirstConversation(await typedPair('nl-NL'));
    await robin
      .expectReply(/Heeft het plaatsgevonden/)
      .send('ja, het gesprek heeft plaatsgevonden')
      .expectReply(/Wat stelde Sam zelf voor/);
    await robin.expectNoReply(/Genoteerd bij jullie gesprek/);
    const [held] = await h.sessions.listForTrajectory(trajectoryId);
    expect(held!.status).toBe('held');
    expect(held!.notes ?? []).toEqual([]);
  });

  it('an answer after the other person already called it off is kept as a note too', async () => {
    const { h, sam, robin, trajectoryId } = await afterFirstConversation(await typedPair('en-GB'));
    await sam.send('It did not happen, Robin was ill').expectReply(/called off/);
    await robin
      .expectReply(/Did it take place/)
      .send('Sorry, I was ill all week')
      .expectReply(/Noted for your conversation .*“Sorry, I was ill all week”/);
    await h.deliverDue();
    const [first] = await h.sessions.listForTrajectory(trajectoryId);
    expect(first!.status).toBe('cancelled');
    expect(first!.notes?.map((n) => [n.role, n.text])).toEqual([
      ['employee', 'It did not happen, Robin was ill'],
      ['coach', 'Sorry, I was ill all week'],
    ]);
    expect(count(robin, /not sure what you mean/)).toBe(0);
  });
});
