/**
 * Calling off a planned conversation is confirmed first ("Call off your conversation with Robin of …? [Yes, call it
 * off] [Keep it]"), by button or in words, in both languages; the other person is told once it is called off. An open
 * flow is parked meanwhile and asked again afterwards, or set aside with a word when it was about that very
 * conversation. And "Yes, it took place" pressed again after the wrap-up starts nothing: it is recorded already.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import type { ScriptedUser } from '../support/scripted-client.js';
import { afterFirstConversation, typedPair, typedPreparation, type MemoryPair } from '../support/typed-journey.js';

const statusOf = async ({ h, trajectoryId }: MemoryPair) => (await h.sessions.listForTrajectory(trajectoryId))[0];
const flowOf = async ({ h }: MemoryPair, user: ScriptedUser) => (await h.dialogs.load((await user.person()).id)).flow;
const said = (user: ScriptedUser, from: number): string[] => user.transcript.slice(from).map(renderPlainText);

describe('calling off a conversation', () => {
  it('asks first; "Keep it" keeps it, "Yes, call it off" calls it off and Robin is told', async () => {
    const pair = await typedPair('en-GB');
    const { h, sam, robin } = pair;
    await sam
      .send('next session')
      .press('Call off')
      .expectReply(
        /^Call off your conversation with Robin of Thursday 10 December 2026 at 14:00\? I’ll let Robin know\.\n\[Yes, call it off\] \[Keep it\]/,
      );
    expect((await statusOf(pair))?.status).toBe('scheduled');
    await sam.press('Keep it').expectReply(/Good – it stays on Thursday 10 December 2026 at 14:00\./);
    expect((await statusOf(pair))?.status).toBe('scheduled');
    const before = robin.transcript.length;
    await h.deliverDue();
    expect(said(robin, before).some((t) => /called off/.test(t))).toBe(false);

    await sam
      .send('next session')
      .send('call off')
      .expectReply(/Call off your conversation with Robin of Thursday 10 December 2026 at 14:00\?/)
      .send('yes')
      .expectReply(/The conversation of Thursday 10 December 2026 at 14:00 is called off – I’ll let Robin know\./);
    expect((await statusOf(pair))?.status).toBe('cancelled');
    await h.deliverDue();
    await robin.expectReply(/Sam called off your conversation of Thursday 10 December 2026 at 14:00/);
    // The old confirmation's buttons no longer act.
    await sam.press('Yes, call it off').expectReply(/earlier message/i);
  });

  it('in Dutch, typed: "afzeggen", then "nee" keeps it and "Ja, afzeggen" calls it off', async () => {
    const pair = await typedPair('nl-NL');
    const { h, sam, robin } = pair;
    await sam
      .send('volgend gesprek')
      .send('afzeggen')
      .expectReply(
        /^Je gesprek met Robin van donderdag 10 december 2026 om 14:00 afzeggen\? Ik laat het Robin weten\.\n\[Ja, afzeggen\] \[Laten staan\]/,
      )
      .send('nee')
      .expectReply(/Mooi – het blijft staan op donderdag 10 december 2026 om 14:00\./);
    expect((await statusOf(pair))?.status).toBe('scheduled');
    await sam
      .send('volgend gesprek')
      .press('Afzeggen')
      .expectReply(/afzeggen\?/)
      .send('banaan')
      .expectReply(/afzeggen\?/)
      .send('Ja, afzeggen')
      .expectReply(/Het gesprek van donderdag 10 december 2026 om 14:00 is afgezegd – ik laat het Robin weten\./);
    expect((await statusOf(pair))?.status).toBe('cancelled');
    await h.deliverDue();
    await robin.expectReply(/Sam heeft jullie gesprek van donderdag 10 december 2026 om 14:00 afgezegd/);
  });

  it('a preparation open meanwhile: parked and asked again when kept, set aside with a word when called off', async () => {
    const pair = await typedPreparation('en-GB');
    const { sam } = pair;
    await sam.expectReply(/What would you like to get out of coaching with Robin/);
    await sam
      .send('next session')
      .send('call off')
      .expectReply(/One question first – then we carry on where we were\./)
      .expectReply(/Call off your conversation with Robin/)
      .press('Keep it')
      .expectReply(/it stays on Thursday 10 December 2026 at 14:00/)
      .expectReply(/Back to where we were/)
      .expectReply(/What would you like to get out of coaching with Robin/);
    expect(await flowOf(pair, sam)).toBe('prepare');

    const before = sam.transcript.length;
    await sam
      .send('next session')
      .press('Call off')
      .expectReply(/One question first/)
      .press('Yes, call it off')
      .expectReply(/is called off – I’ll let Robin know/)
      .expectReply(/The preparation you started was for that conversation, so we leave it there/);
    expect(await flowOf(pair, sam)).toBeNull();
    expect((await statusOf(pair))?.status).toBe('cancelled');
    // Nothing of it comes back later either: a new date planned after it ends there.
    await sam
      .press('Plan the next conversation')
      .send('Friday 11 December at 10:00')
      .expectReply(/Is that right/)
      .send('yes')
      .expectReply(/Your next conversation is planned for Friday 11 December 2026 at 10:00/);
    expect(said(sam, before).some((t) => /Back to where we were|preparation is closed/.test(t))).toBe(false);
  });

  it('called off while moving it, with the preparation parked under the move: both set aside, one word', async () => {
    const pair = await typedPreparation('en-GB');
    const { sam } = pair;
    await sam.expectReply(/What would you like to get out of coaching with Robin/);
    await sam
      .send('move')
      .expectReply(/First the date/)
      .expectReply(/To which day and time/);
    const before = sam.transcript.length;
    await sam
      .send('next session')
      .press('Call off')
      .expectReply(/One question first/)
      .press('Yes, call it off')
      .expectReply(/is called off – I’ll let Robin know/)
      .expectReply(/The preparation you started was for that conversation/);
    const after = said(sam, before);
    expect(after.some((t) => /Back to where we were|To which day and time|get out of coaching/.test(t))).toBe(false);
    expect(await flowOf(pair, sam)).toBeNull();
  });

  it('another flow open meanwhile (settings) is asked again after the call-off, never dropped', async () => {
    const pair = await typedPair('en-GB');
    const { sam } = pair;
    await sam.send('settings');
    const open = await flowOf(pair, sam);
    expect(open).not.toBeNull();
    await sam
      .send('next session')
      .press('Call off')
      .expectReply(/One question first/)
      .press('Yes, call it off')
      .expectReply(/is called off/)
      .expectReply(/Back to where we were/);
    expect(await flowOf(pair, sam)).toBe(open);
  });

  it('"It didn’t take place" after its time is recorded as said, without asking again', async () => {
    const pair = await afterFirstConversation(await typedPair('en-GB'));
    const { sam } = pair;
    await sam
      .expectReply(/Did it take place\?/)
      .press("It didn't take place")
      .expectReply(/The conversation of Thursday 10 December 2026 at 14:00 is called off/);
    expect((await statusOf(pair))?.status).toBe('cancelled');
  });
});

describe('"Yes, it took place" once the wrap-up is done', () => {
  it('after the evaluation: said kindly that it is recorded; nothing restarts, an open flow stays open', async () => {
    const pair = await afterFirstConversation(await typedPair('en-GB'));
    const { robin } = pair;
    await robin
      .expectReply(/Did it take place\?/)
      .press('Yes, it took place')
      .expectReply(/What did Sam propose to do/)
      .send("that's all")
      .send('that suits me')
      .expectReply(/How valuable was this conversation/)
      .press('4')
      .send('A good talk')
      .expectReply(/I have shared your answer with Sam/);
    await robin.send('settings');
    const open = await flowOf(pair, robin);
    const before = robin.transcript.length;
    await robin
      .pressButton(robin.findButton('Yes, it took place'))
      .expectReply(
        /Thank you – it is recorded already that your conversation with Sam took place, and your evaluation too\./,
      );
    expect(said(robin, before).some((t) => /What did Sam propose|wrap it up|How valuable/.test(t))).toBe(false);
    expect(await flowOf(pair, robin)).toBe(open);
    expect((await statusOf(pair))?.evaluations.coach).toMatchObject({ rating: 4, comment: 'A good talk' });
  });

  it('after a skipped evaluation: recorded, with "Say how it went" offered, in Dutch', async () => {
    const pair = await afterFirstConversation(await typedPair('nl-NL'));
    const { robin } = pair;
    await robin
      .expectReply(/Heeft het plaatsgevonden/)
      .press('Ja, het vond plaats')
      .expectReply(/Wat stelde Sam zelf voor/)
      .send('dat was het')
      .send('dat past')
      .send('overslaan')
      .send('overslaan')
      .expectReply(/Dank je!.*hoe het ging/);
    const before = robin.transcript.length;
    await robin
      .pressButton(robin.findButton('Ja, het vond plaats'))
      .expectReply(/Dank je – het staat al genoteerd dat je gesprek met Sam heeft plaatsgevonden\. Wil je alsnog/);
    expect(said(robin, before).some((t) => /Wat stelde Sam zelf voor/.test(t))).toBe(false);
    await robin.press('Vertellen hoe het ging').expectReply(/Hoe waardevol/);
  });
});
