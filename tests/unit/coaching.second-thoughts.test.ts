/**
 * Second thoughts, as the model allows them: a travel report written again gets a reflection of its own (the old
 * conclusion and follow-up answer belonged to the old report and go), and "Let’s adjust it" at "How feasible is this
 * by …?" goes back to what and when, so the agreement becomes one the employee can keep (tip 4).
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import { typedPair } from '../support/typed-journey.js';

const pair = () => typedPair('en-GB');

describe('second thoughts', () => {
  it('a travel report written again is reflected again; the old conclusion and follow-up go with the old report', async () => {
    const { h, sam, trajectoryId } = await pair();
    await sam.send('prepare').send('skip').send('skip').send('skip').send('skip').send('skip');
    await sam.send('I presented twice. The second time went well.').expectReply(/in one sentence/);
    await sam.send('Preparation pays off.').expectReply(/“The second time went well”\. What made that work\?/);
    await sam.send('Knowing my opening').expectReply(/What has gone well/);
    await sam.send("that's all").send("that's all").send("that's all").send("that's all").send('skip');
    await sam.expectReply(
      (_r, t) => /Your conclusion: “Preparation pays off\.”/.test(t) && /Knowing my opening/.test(t),
    );

    await sam
      .press('Change')
      .press('How the past period went')
      .expectReply(/So far: “I presented twice/);
    await sam
      .send('I struggled with questions from the audience.')
      .expectReply(
        /If I summarise: what you did: “I struggled with questions from the audience\.” What do you conclude/,
      );
    await sam.press('Nothing to add').expectReply(/Your preparation for/);
    const summary = renderPlainText(await sam.last());
    expect(summary).toMatch(/I struggled with questions from the audience\./);
    expect(summary).not.toMatch(/Preparation pays off|Knowing my opening|I presented twice/);
    const [session] = await h.sessions.listForTrajectory(trajectoryId);
    expect(session!.preparation.report).toBe('I struggled with questions from the audience.');
    expect(session!.preparation.conclusion).toBeUndefined();
    expect(session!.preparation.reportFollowUp).toBeUndefined();
  });

  it('"Let’s adjust it" at the feasibility question goes back to what and when', async () => {
    const { h, sam, robin, trajectoryId } = await pair();
    h.clock.set('2026-12-10T14:20:00Z');
    await h.deliverDue();
    await robin.send('Yes, we met').expectReply(/What did Sam propose/);
    await h.deliverDue();
    await sam.send('Practise the opening three times').send('in two weeks').send('yes');
    await sam.expectReply(/How feasible is this by Thursday 24 December 2026\?/);
    await sam.press('Let’s adjust it').expectReply(/Currently: “Practise the opening three times”/);
    await sam.send('Practise the opening twice').expectReply(/Currently by Thursday 24 December 2026/);
    await sam
      .send('in three weeks')
      .expectReply(
        /Let me check: you will take on “Practise the opening twice” by Thursday 31 December 2026\. Is that right/,
      );
    await sam
      .send('yes')
      .expectReply(/Changed: you will take on “Practise the opening twice” by Thursday 31 December 2026\./);
    const agreements = await h.agreements.listForTrajectory(trajectoryId);
    expect(agreements.map((a) => [a.what, a.due, a.status])).toEqual([
      ['Practise the opening twice', '2026-12-31', 'open'],
    ]);
  });
});
