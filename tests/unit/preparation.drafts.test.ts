/**
 * Drafts stay private until the employee sends the preparation, and the employee can see exactly what the coach
 * sees: "What Robin sees" shows the very digest Robin gets from `agenda` at that moment — before sending (nothing of
 * the draft), after sending (the sent copy), and after a change made since (still the sent copy, until sent again).
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import { typedPair } from '../support/typed-journey.js';
import type { ScriptedUser } from '../support/scripted-client.js';

async function coachSees(robin: ScriptedUser): Promise<string> {
  await robin.send('agenda');
  return renderPlainText(await robin.last());
}

/** What Sam is shown after pressing "What Robin sees": the preface, and the digest as Robin would get it. */
async function employeeSees(sam: ScriptedUser): Promise<{ preface: string; digest: string }> {
  const before = sam.transcript.length;
  await sam.press('What Robin sees');
  const [preface, digest] = sam.transcript.slice(before).map(renderPlainText);
  return { preface: preface ?? '', digest: digest ?? '' };
}

describe('a preparation is a private draft until it is sent', () => {
  it('the coach sees none of it before, the sent copy after, and the employee sees exactly that', async () => {
    const { sam, robin } = await typedPair('en-GB');
    await sam
      .send('prepare')
      .send('Feel at ease in front of a group')
      .expectReply(/How do you learn best/);
    await sam.send('Quietly, by reading first').send('skip').send('skip').send('skip');
    await sam.send('I presented twice. It felt calmer. Preparation helps.').expectReply(/in one sentence/);
    // The button's label, typed, is the button: not taken as the conclusion.
    await sam.send('Nothing to add').expectReply(/What has gone well for you lately/);
    await sam.send('Second talk calmer').send("that's all").send('Pausing between slides').send("that's all");
    await sam
      .send("that's all")
      .send("that's all")
      .send('skip')
      .expectReply(/Your preparation for/);

    // Not sent yet: Robin's agenda holds nothing Sam wrote, and Sam is shown exactly that.
    const draftSecrets = /Feel at ease|Quietly, by reading|presented twice|Second talk calmer|Pausing between/;
    expect(sam.transcript.map(renderPlainText).join('\n')).not.toMatch(/Your conclusion: “Nothing to add”/);
    const robinBefore = await coachSees(robin);
    expect(robinBefore).toMatch(/Sam hasn’t prepared yet/);
    expect(robinBefore).not.toMatch(draftSecrets);
    const before = await employeeSees(sam);
    expect(before.preface).toBe('Robin sees nothing of your preparation until you send it. This is your draft.');
    expect(before.digest).toBe(robinBefore);

    // Sent: Robin reads it, and Sam is shown the same text.
    await sam.send('prepare').expectReply(/Your preparation for/);
    await sam.press('Send to Robin').expectReply(/Sent to Robin/);
    const robinAfter = await coachSees(robin);
    expect(robinAfter).toMatch(/Goal of this conversation: Feel at ease in front of a group/);
    expect(robinAfter).toMatch(/Learns best: Quietly, by reading first/);
    const after = await employeeSees(sam);
    expect(after.preface).toBe('Exactly what Robin sees:');
    expect(after.digest).toBe(robinAfter);

    // Changed after sending, not sent again: Robin still reads the sent copy, and so does Sam's view of it.
    await sam.send('prepare').press('Change').press('Goal').send('Speak calmly to the whole department');
    await sam.expectReply(/Your preparation for/);
    const robinLater = await coachSees(robin);
    expect(robinLater).toMatch(/Goal of this conversation: Feel at ease in front of a group/);
    expect(robinLater).not.toMatch(/Speak calmly/);
    expect((await employeeSees(sam)).digest).toBe(robinLater);
  });
});

describe('"What Robin sees" when Robin speaks another language', () => {
  it('shows the digest in Robin’s language, exactly as Robin gets it, with the framing line in Sam’s', async () => {
    const { h, sam, robin } = await typedPair('en-GB', 'nl-NL');
    h.clock.set('2026-12-08T10:00:00Z');
    await h.deliverDue();
    await sam
      .send('yes')
      .send('Feel at ease in front of a group')
      .expectReply(/How do you learn best/);
    for (let i = 0; i < 25 && !/Your preparation for/.test(renderPlainText(await sam.last())); i++)
      await sam.send('skip');
    await sam.press('Send to Robin').expectReply(/Sent to Robin/);

    const robinSees = await coachSees(robin);
    expect(robinSees).toMatch(/Doel van dit gesprek: Feel at ease in front of a group/);
    const shown = await employeeSees(sam);
    expect(shown.preface).toBe('Exactly what Robin sees:');
    expect(shown.digest).toBe(robinSees);
  });
});
