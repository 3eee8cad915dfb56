/**
 * Moving a conversation by typing, as the [Move] button does: after "next session" a typed date, the button's label
 * or "we moved it to Friday at 14:00" moves it (confirmed first, like the button's flow); `move` / `verzetten` /
 * `verplaats naar …` work from anywhere; the coach can do the same. Bad or ambiguous words change nothing.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import { moveArgs, moveSentence } from '../../src/coaching/listen/move.answer.js';
import { typedPair, typedPreparation, type MemoryPair } from '../support/typed-journey.js';

/** When the first conversation (Thursday 10 December 2026, 14:00 Amsterdam) starts now, in UTC. */
async function firstStart({ h, trajectoryId }: MemoryPair): Promise<string | undefined> {
  const [first] = await h.sessions.listForTrajectory(trajectoryId);
  return first?.startsAt.toISOString();
}

const ORIGINAL = '2026-12-10T13:00:00.000Z';

describe('the words of a move', () => {
  const today = '2026-12-01';
  it('after the command: a date, or which conversation, or nothing; other words are no move', () => {
    expect(moveArgs('', today)).toEqual({});
    expect(moveArgs('our next session', today)).toEqual({});
    expect(moveArgs('to Friday at 14:00', today)).toEqual({ text: 'friday at 14:00' });
    expect(moveArgs('het gesprek naar vrijdag om 14:00', today)).toEqual({ text: 'vrijdag om 14:00' });
    expect(moveArgs('more', today)).toBeNull();
    expect(moveArgs('het overleg naar maandag', today)).toBeNull();
  });

  it('in a sentence: asked for or told, with the date if there is one', () => {
    expect(moveSentence('Can we move it to Friday?', today)).toEqual({ text: 'friday' });
    expect(moveSentence('kunnen we het gesprek verzetten?', today)).toEqual({});
    expect(moveSentence('we hebben het verzet naar vrijdag 14:00', today)).toEqual({ text: 'vrijdag 14:00' });
    expect(moveSentence('It was postponed', today)).toEqual({});
    expect(moveSentence('we moved the deadline', today)).toBeNull();
    expect(moveSentence('Move the team meeting to Monday', today)).toBeNull();
    expect(moveSentence('Friday at 14:00', today)).toBeNull();
  });
});

describe('moving a conversation by typing', () => {
  it('after "next session": a date typed moves it, confirmed first', async () => {
    const pair = await typedPair('en-GB');
    const { sam } = pair;
    await sam
      .send('next session')
      .expectReply(/Your next conversation with Robin: Thursday 10 December 2026 at 14:00/)
      .send('Friday 11 December at 15:00')
      .expectReply(/Let me check: Friday 11 December 2026 at 15:00\. Is that right/);
    expect(await firstStart(pair)).toBe(ORIGINAL);
    await sam.send('yes').expectReply(/Moved to Friday 11 December 2026 at 15:00/);
    expect(await firstStart(pair)).toBe('2026-12-11T14:00:00.000Z');
  });

  it('the labels typed: "Move" asks the date, "Another date" asks again, "Call off" asks, then calls it off', async () => {
    const pair = await typedPair('en-GB');
    const { sam } = pair;
    await sam
      .send('next session')
      .send('Move')
      .expectReply(/Your conversation is now on Thursday 10 December 2026 at 14:00\. To which day and time/);
    await sam.send('Friday 11 December at 15:00').expectReply(/Is that right/);
    await sam.send('Another date').expectReply(/To which day and time/);
    await sam.send('2026-12-14 10:00').expectReply(/Monday 14 December 2026 at 10:00\. Is that right/);
    await sam.send('Yes').expectReply(/Moved to Monday 14 December 2026 at 10:00/);
    expect(await firstStart(pair)).toBe('2026-12-14T09:00:00.000Z');

    await sam
      .send('next session')
      .send('call off')
      .expectReply(/Call off your conversation with Robin of Monday 14 December 2026 at 10:00\?/)
      .send('yes')
      .expectReply(/The conversation of Monday 14 December 2026 at 10:00 is called off/);
    const [first] = await pair.h.sessions.listForTrajectory(pair.trajectoryId);
    expect(first?.status).toBe('cancelled');
  });

  it('"move", "move to …" and "we moved it to …" from anywhere, in English', async () => {
    const pair = await typedPair('en-GB');
    const { sam } = pair;
    await sam.send('move').expectReply(/To which day and time would you like to move it/);
    await sam.send('stop');
    await sam
      .send('move to Friday 11 December at 15:00')
      .expectReply(/Friday 11 December 2026 at 15:00\. Is that right/);
    await sam.send('stop');
    await sam
      .send('We moved it to Friday 11 December at 14:00')
      .expectReply(/Friday 11 December 2026 at 14:00\. Is that/);
    await sam.send('yes').expectReply(/Moved to Friday 11 December 2026 at 14:00/);
    expect(await firstStart(pair)).toBe('2026-12-11T13:00:00.000Z');
  });

  it('in Dutch: "verzetten", "verplaats naar …", "we hebben het verzet naar vrijdag 14:00"', async () => {
    const pair = await typedPair('nl-NL');
    const { sam } = pair;
    await sam
      .send('volgend gesprek')
      .send('verzetten')
      .expectReply(/Je gesprek staat nu op donderdag 10 december 2026 om 14:00\. Naar welke dag en tijd/);
    await sam.send('stop');
    await sam
      .send('verplaats naar vrijdag 11 december 15:00')
      .expectReply(/vrijdag 11 december 2026 om 15:00\. Klopt dat/);
    await sam.send('Andere datum').expectReply(/Naar welke dag en tijd/);
    await sam.send('stop');
    await sam
      .send('We hebben het verzet naar vrijdag 11 december 14:00')
      .expectReply(/Even checken: vrijdag 11 december 2026 om 14:00\. Klopt dat/);
    await sam.send('ja').expectReply(/Verzet naar vrijdag 11 december 2026 om 14:00/);
    expect(await firstStart(pair)).toBe('2026-12-11T13:00:00.000Z');
  });

  it('the coach moves it the same way, and the employee is told', async () => {
    const pair = await typedPair('en-GB');
    const { h, sam, robin } = pair;
    await robin
      .send('next session')
      .expectReply(/Your next conversation with Sam: Thursday 10 December 2026 at 14:00/)
      .send('Friday 11 December at 15:00')
      .expectReply(/Is that right/)
      .send('yes')
      .expectReply(/Moved to Friday 11 December 2026 at 15:00/);
    expect(await firstStart(pair)).toBe('2026-12-11T14:00:00.000Z');
    await h.deliverDue();
    await sam.expectReply(/Robin moved your conversation to Friday 11 December 2026 at 15:00/);
  });

  it('with a flow open: the date is fixed first and the flow asked again; an answer to the flow is not taken as a move', async () => {
    const pair = await typedPreparation('en-GB');
    const { sam } = pair;
    await sam.expectReply(/What would you like to get out of coaching with Robin/);
    await sam
      .send('next session')
      .send('Friday 11 December at 15:00')
      .expectReply(/First the date – then we carry on where we were/)
      .expectReply(/Is that right/)
      .send('yes')
      .expectReply(/Moved to Friday 11 December 2026 at 15:00/)
      .expectReply(/Back to where we were/)
      .expectReply(/What would you like to get out of coaching with Robin/);
    // Inside the preparation, words about moving are the person's answer, not a move.
    await sam.send('We moved the team meeting to Monday, so more calm').expectNoReply(/Is that right/);
    expect(await firstStart(pair)).toBe('2026-12-11T14:00:00.000Z');
  });

  it('bad or ambiguous words change nothing, with a kind answer', async () => {
    const pair = await typedPair('en-GB');
    const { sam } = pair;
    await sam
      .send('next session')
      .send('banana')
      .expectReply(/I'm not sure what you mean/);
    await sam.send('move more').expectReply(/I'm not sure what you mean/);
    await sam
      .send('next session')
      .send('30 February')
      .expectReply(/That date doesn't exist in the calendar/);
    await sam.send('stop');
    // The planned conversation shown takes the next reply only: later, a bare date means nothing by itself.
    await sam
      .send('next session')
      .send('thanks')
      .send('Friday at 15:00')
      .expectReply(/I'm not sure what you mean/);
    expect(await firstStart(pair)).toBe(ORIGINAL);
    expect(sam.transcript.map(renderPlainText).some((t) => /Is that right/.test(t))).toBe(false);
  });

  it('nothing planned: said kindly, with what there is', async () => {
    const { h } = await typedPair('en-GB');
    const kim = h.user('kim', { displayName: 'Kim', email: 'kim@example.com', locale: 'en-GB' });
    await kim.send('hello');
    await kim
      .send('move to Friday')
      .expectReply(/There is no planned conversation to move right now/)
      .expectReply(/You don’t have a coaching trajectory yet/);
  });

  it('a coach of two: which conversation? The date typed travels on the button', async () => {
    const pair = await typedPair('en-GB');
    const { h, robin } = pair;
    const kim = h.user('kim', { displayName: 'Kim', email: 'kim@example.com', locale: 'en-GB' });
    await kim.send('start').send('Plan my week calmly').send('robin@example.com');
    await kim.send('every 2 weeks').send('2026-12-09 10:00').send('60');
    await kim.send('yes').expectReply(/Invitation sent/);
    await h.deliverDue();
    await robin.send('yes').expectReply(/you are now coaching Kim/);
    await robin
      .send('move to Friday 11 December at 15:00')
      .expectReply(/Which conversation would you like to move/)
      .press(/^Sam – /)
      .expectReply(/Friday 11 December 2026 at 15:00\. Is that right/)
      .send('yes')
      .expectReply(/Moved to Friday 11 December 2026 at 15:00/);
    expect(await firstStart(pair)).toBe('2026-12-11T14:00:00.000Z');
    // After "next session" shows both, a bare date is ambiguous too: asked which, nothing moved.
    await robin
      .send('next session')
      .send('Monday 14 December at 9:00')
      .expectReply(/Which conversation/);
    expect(await firstStart(pair)).toBe('2026-12-11T14:00:00.000Z');
  });
});
