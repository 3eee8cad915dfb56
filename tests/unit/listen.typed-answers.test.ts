/**
 * Typed answers to the closed questions of wrapping up a conversation, as people write them: the rhythm's proposed
 * next date taken in words ("that suits me", "dat past", "prima") or turned down ("not fine", "past niet"), and the
 * "Is that right?" after a date, which is asked once: a yes saves, a no or a correction moves on to the date.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import type { MemoryHarness } from '../support/memory/harness.js';
import type { ScriptedUser } from '../support/scripted-client.js';
import { afterFirstConversation, typedPair } from '../support/typed-journey.js';

/** Sets up a trajectory by typing, lets the first conversation take place, and brings the employee to wrapping up. */
async function wrappingUp(locale: 'en' | 'nl'): Promise<{ h: MemoryHarness; sam: ScriptedUser; trajectoryId: string }> {
  const pair = await afterFirstConversation(await typedPair(locale === 'en' ? 'en-GB' : 'nl-NL'));
  await pair.sam.send(locale === 'en' ? 'Yes, we met' : 'Ja, we hebben gesproken');
  return pair;
}

const nextStart = async (h: MemoryHarness, trajectoryId: string): Promise<string | undefined> =>
  (await h.sessions.listForTrajectory(trajectoryId))[1]?.startsAt.toISOString();

const timesAsked = (user: ScriptedUser, re: RegExp): number =>
  user.transcript.map(renderPlainText).filter((t) => re.test(t)).length;

describe("the rhythm's proposed next date, answered in words", () => {
  it.each(['that suits me', 'Sounds good!', 'fine', 'ok'])('%j plans it on the proposed date', async (text) => {
    const { h, sam, trajectoryId } = await wrappingUp('en');
    await sam.send("that's all").expectReply(/Your rhythm suggests Thursday 24 December 2026 at 14:00/);
    await sam
      .send(text)
      .expectReply(/next conversation is planned for Thursday 24 December 2026 at 14:00/)
      .expectReply(/How valuable was this conversation/);
    await h.deliverDue();
    expect(await nextStart(h, trajectoryId)).toBe('2026-12-24T13:00:00.000Z');
  });

  it.each(['dat past', 'Prima', 'goed', 'Dat past me prima'])('%j plant het op de voorgestelde datum', async (text) => {
    const { h, sam, trajectoryId } = await wrappingUp('nl');
    await sam.send('dat was het').expectReply(/ritme wordt dat donderdag 24 december 2026 om 14:00/);
    await sam.send(text).expectReply(/volgende gesprek staat gepland op donderdag 24 december 2026 om 14:00/);
    await h.deliverDue();
    expect(await nextStart(h, trajectoryId)).toBe('2026-12-24T13:00:00.000Z');
  });

  it.each([
    ['en', "that's all", 'not fine', /When would you like to meet next/],
    ['en', "that's all", "No, that doesn't suit me", /When would you like to meet next/],
    ['nl', 'dat was het', 'past niet', /Wanneer willen jullie elkaar weer spreken/],
    ['nl', 'dat was het', 'Nee, dat past niet', /Wanneer willen jullie elkaar weer spreken/],
  ] as const)('%s: %j … %j asks which date instead, and plans nothing', async (locale, done, text, ask) => {
    const { h, sam, trajectoryId } = await wrappingUp(locale);
    await sam.send(done);
    await sam.send(text).expectReply(ask);
    await h.deliverDue();
    expect(await nextStart(h, trajectoryId)).toBeUndefined();
  });
});

describe('"Is that right?" is asked once', () => {
  it.each(["That's right", 'correct', 'sounds good', 'Klopt'])('%j saves the agreement', async (text) => {
    const { h, sam, trajectoryId } = await wrappingUp('en');
    await sam.send('Practise the opening').expectReply(/By when/);
    await sam.send('next friday').expectReply(/by Friday 11 December 2026\. Is that right\?/);
    await sam.send(text).expectReply(/Agreed: you will take on “Practise the opening” by Friday 11 December 2026\./);
    await h.deliverDue();
    const agreements = await h.agreements.listForTrajectory(trajectoryId);
    expect(agreements.map((a) => [a.what, a.due])).toEqual([['Practise the opening', '2026-12-11']]);
  });

  it('a no asks for the date; a correction is read as the new date; other words do not repeat the question', async () => {
    const { h, sam, trajectoryId } = await wrappingUp('en');
    await sam
      .send('Practise the opening')
      .send('next friday')
      .expectReply(/Is that right\?/);
    await sam.send('no').expectReply(/Currently by Friday 11 December 2026\. Which date would you like instead/);
    await sam.send('friday 18 december').expectReply(/by Friday 18 December 2026\. Is that right\?/);
    await sam.send('Rather the 23rd of December').expectReply(/by Wednesday 23 December 2026\. Is that right\?/);
    await sam
      .send('hmm, let me think')
      .expectReply(/Which date do you mean/)
      .expectReply(/Which date would you like instead/);
    expect(timesAsked(sam, /Is that right\?/)).toBe(3); // once per date understood, never twice for one
    await sam
      .send('23 december')
      .send('yes')
      .expectReply(/Agreed: you will take on/);
    await h.deliverDue();
    const [agreement] = await h.agreements.listForTrajectory(trajectoryId);
    expect(agreement).toMatchObject({ what: 'Practise the opening', due: '2026-12-23' });
  });

  it('the next date: a correction is read as the new date, "prima" saves it', async () => {
    const { h, sam, trajectoryId } = await wrappingUp('nl');
    await sam
      .send('dat was het')
      .send('andere datum')
      .expectReply(/Wanneer willen jullie elkaar weer spreken/);
    await sam.send('2027-01-07 14:00').expectReply(/Even checken: donderdag 7 januari 2027 om 14:00\. Klopt dat\?/);
    await sam
      .send('nee, liever 8 januari om 11:00')
      .expectReply(/Even checken: vrijdag 8 januari 2027 om 11:00\. Klopt dat\?/);
    await sam.send('prima').expectReply(/staat gepland op vrijdag 8 januari 2027 om 11:00/);
    expect(timesAsked(sam, /Klopt dat\?/)).toBe(2);
    await h.deliverDue();
    expect(await nextStart(h, trajectoryId)).toBe('2027-01-08T10:00:00.000Z');
  });

  it('an answer that is no date, typed again and again, is told how to leave the question for now', async () => {
    const { h, sam, trajectoryId } = await wrappingUp('en');
    await sam.send('Practise the opening').expectReply(/By when/);
    await sam.send('whenever').expectReply(/Which date do you mean/);
    expect(timesAsked(sam, /Type \*stop\*/)).toBe(0); // once is just a hint
    await sam
      .send('hmm')
      .expectReply(/Which date do you mean/)
      .expectReply(/rather leave this for now\? Type \*stop\*/);
    await sam.send('stop');
    expect(renderPlainText(await sam.last())).not.toMatch(/Which date do you mean|not sure what you mean/);
    await h.deliverDue();
    expect(await h.agreements.listForTrajectory(trajectoryId)).toEqual([]);
  });
});
