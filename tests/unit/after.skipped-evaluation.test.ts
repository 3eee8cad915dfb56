/**
 * A skipped evaluation stays skipped. Robin's wrap-up starts when Sam says the conversation took place, while
 * Robin's own "Did it take place?" is still open; Robin skips the evaluation. A later typed reply is read as what it
 * is and does not start the wrap-up again, the follow-up is not sent again, and "Say how it went" still works.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import type { ScriptedUser } from '../support/scripted-client.js';
import { afterFirstConversation, typedPair, type TypedLocale } from '../support/typed-journey.js';

const times = (user: ScriptedUser, re: RegExp): number =>
  user.transcript.map(renderPlainText).filter((t) => re.test(t)).length;

/** Sam says it took place; Robin, asked too, is taken into the wrap-up and skips everything but the next date. */
async function robinSkips(locale: TypedLocale) {
  const pair = await afterFirstConversation(await typedPair(locale));
  const { h, sam, robin, nl } = pair;
  await robin.expectReply(nl ? /Heeft het plaatsgevonden/ : /Did it take place/);
  await sam
    .send(nl ? 'Ja, we hebben gesproken' : 'Yes, we met')
    .expectReply(nl ? /Wat ga je zelf doen/ : /What will you do yourself/);
  await h.deliverDue();
  await robin.expectReply(nl ? /Wat stelde Sam zelf voor/ : /What did Sam propose to do/);
  await robin.send(nl ? 'dat was het' : "that's all").send(nl ? 'dat past' : 'that suits me');
  await robin
    .send(nl ? 'overslaan' : 'skip')
    .send(nl ? 'overslaan' : 'skip')
    .expectReply(nl ? /Dank je!.*hoe het ging/ : /Thank you!.*how it went/);
  return pair;
}

describe('a skipped evaluation stays skipped', () => {
  it('a later typed reply is read as what it is: the wrap-up does not start again', async () => {
    const { h, robin, trajectoryId } = await robinSkips('en-GB');
    const wrapUp = /What did Sam propose to do|wrap it up/;
    const before = times(robin, wrapUp);
    await robin.send('Sam came well prepared today').expectReply(/I'm not sure what you mean\. Type \*help\*/);
    await robin.send('thanks').expectReply(/You're welcome/);
    expect(times(robin, wrapUp)).toBe(before);
    const [first] = await h.sessions.listForTrajectory(trajectoryId);
    expect(first!.evaluations.coach).toBeUndefined();
    expect(first!.evaluationSkipped?.coach).toBeInstanceOf(Date);
    expect(first!.notes ?? []).toEqual([]);
  });

  it('is not asked again by a later follow-up, and can still be given with "Say how it went"', async () => {
    const { h, robin, sam, trajectoryId } = await robinSkips('en-GB');
    // A follow-up delivered late (held back by working hours, say) finds it wrapped up and says nothing.
    const [session] = await h.sessions.listForTrajectory(trajectoryId);
    const late = await h.engine.resume((await robin.person()).id, {
      type: 'resume',
      kind: 'session.followup',
      payload: { sessionId: session!.id, role: 'coach' },
      key: 'late-followup',
    });
    expect(late.map(renderPlainText)).toEqual([]);
    await robin
      .press('Say how it went')
      .expectReply(/How valuable was this conversation/)
      .press('4')
      .send('Good to hear Sam’s own plan')
      .expectReply(/I have shared your answer with Sam/);
    await h.deliverDue();
    await sam.expectReply(/Good to hear Sam’s own plan/);
    const [first] = await h.sessions.listForTrajectory(trajectoryId);
    expect(first!.evaluations.coach).toMatchObject({ rating: 4, comment: 'Good to hear Sam’s own plan' });
  });

  it('"stop" at the evaluation skips it too: a later typed reply does not start the wrap-up again', async () => {
    const { h, sam, robin, trajectoryId } = await afterFirstConversation(await typedPair('en-GB'));
    await sam.send('Yes, we met').expectReply(/What will you do yourself/);
    await h.deliverDue();
    await robin
      .send("that's all")
      .send('that suits me')
      .expectReply(/How valuable was this conversation/);
    await robin.send('stop').expectReply(/we stopped here/);
    const wrapUp = /What did Sam propose to do|wrap it up/;
    const before = times(robin, wrapUp);
    await robin.send('Sam came well prepared today').expectReply(/I'm not sure what you mean/);
    expect(times(robin, wrapUp)).toBe(before);
    const [first] = await h.sessions.listForTrajectory(trajectoryId);
    expect(first!.evaluationSkipped?.coach).toBeInstanceOf(Date);
  });

  it('in het Nederlands: een later getypt antwoord begint de afronding niet opnieuw', async () => {
    const { robin } = await robinSkips('nl-NL');
    const before = times(robin, /Wat stelde Sam zelf voor/);
    await robin.send('Sam was goed voorbereid').expectReply(/Ik weet niet precies wat je bedoelt/);
    expect(times(robin, /Wat stelde Sam zelf voor/)).toBe(before);
  });
});
