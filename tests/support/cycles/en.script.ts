/**
 * The whole coaching cycle in English, as one script run against MongoDB (tests/integration/coaching.cycle.en.test.ts)
 * and in memory (tests/unit/coaching.memory.en.test.ts): setup → acceptance → preparation (with skip, pause/resume
 * and edit) → digest → session held → agreements (one proposed by the coach and accepted, one with a
 * natural-language date) → next session → both evaluations. Then the stored documents are checked to hold exactly
 * what was said. Starts Tuesday 1 December 2026, 09:00 in Amsterdam.
 */
import { expect } from 'vitest';
import { renderPlainText } from '../../../src/core/reply.js';
import { expectPositiveWording, type ScriptedUser } from '../scripted-client.js';
import type { CycleHarness } from './harness.js';

export const EN_CYCLE_START = '2026-12-01T08:00:00Z';

/** What the two people typed that must never be stored in the clear. */
export const EN_CYCLE_TYPED = [
  'confident presenter',
  'next steps for the team demo',
  'rush the intro',
  'practising out loud',
  'Colleagues asked good questions',
  'Handling tough questions',
  'Shorter slides',
  'Feedback on my slides',
  'Rehearse the intro with a timer',
  'Ask two colleagues',
  'More time for practising together',
  'Start with the demo itself',
];

export async function englishCycle(h: CycleHarness): Promise<{ sam: ScriptedUser; robin: ScriptedUser }> {
  const sam = h.user('sam', { displayName: 'Sam', email: 'sam@example.com', locale: 'en-GB' });
  const robin = h.user('robin', { displayName: 'Robin', email: 'robin@example.com', locale: 'en-US' });
  await robin
    .send('hello')
    .expectReply(/^Hello Robin/)
    .expectNoReply(/not sure what you mean/);

  // Setup, on the employee's initiative.
  await sam.send('start').expectReply(/goal you want to work towards/);
  await sam.send('Become a confident presenter').expectReply(/Who would you like as your coach/);
  await sam.send('nobody@example.com').expectReply(/couldn't find/);
  await sam.send('robin@example.com').expectReply(/How often/);
  await sam.press('every 14 days').expectReply(/first conversation/);
  await sam.send('31 februari 10:00').expectReply(/doesn't exist/);
  await sam.send('2026-12-10').expectReply(/At what time/);
  await sam.send('2026-12-10 14:00').expectReply(/How long/);
  await sam.press('60 min').expectReply(/Shall I send the invitation/);
  await sam.press('Send the invitation').expectReply(/Invitation sent to Robin/);

  await h.deliverDue();
  // The invitation can also be answered from the dashboard (Slack App Home, Teams welcome, web).
  const home = await h.dashboard((await robin.person()).id);
  expect(
    home.blocks?.some(
      (b) =>
        b.kind === 'text' && /Sam invited you to a coaching trajectory: “Become a confident presenter”/.test(b.text),
    ),
  ).toBe(true);
  expect(
    home.blocks?.some((b) => b.kind === 'buttons' && b.buttons.some((x) => x.action === 'trajectory.accept')),
  ).toBe(true);
  await robin
    .expectReply(/Sam would like you to be their coach/)
    .press('Accept')
    .expectReply(/you are now coaching Sam.*Thursday 10 December 2026 at 14:00/);
  await h.deliverDue();
  await sam.expectReply(/Robin said yes/);

  // A first preparation: who sees what, the goal, the intake (how Sam learns, a good challenge, a realistic first
  // step, how to keep each other informed), then the travel report; nothing about "last time".
  await sam
    .send('prepare')
    .expectReply(/Let's prepare your first conversation with Robin/)
    .expectReply(/seen only by you and Robin, and Robin sees it only once you send your preparation/)
    .expectReply(/What would you like to get out of coaching with Robin – and out of this first conversation/);
  await sam.send('Plan my next steps for the team demo').expectReply(/How do you learn best/);
  await sam.send('By doing it and getting feedback right after').expectReply(/good challenge for you right now/);
  await sam.press('Skip').expectReply(/realistic first step towards “Become a confident presenter”/);
  await sam.send('Present at the Friday stand-up').expectReply(/How and how often would you like to keep each other/);
  await sam.send('A short message every Friday').expectReply(/Where do you stand now, on the way to this goal/);
  await sam
    .send('I gave two short demos. The second one went much smoother. I noticed I rush the intro.')
    .expectReply(
      /If I summarise: what you did: “I gave two short demos. The second one went much smoother.”; what you noticed: “I noticed I rush the intro.” What do you conclude from this, in one sentence\?/,
    );
  // Asked for the conclusion in one sentence, then the follow-up chosen from what was said: the success.
  await sam
    .send('Practising out loud pays off. Really.')
    .expectReply(/Your conclusion: “Practising out loud pays off.”/)
    .expectReply(/You mention “The second one went much smoother”\. What made that work\?/);
  await sam.send('That practising out loud really helps').expectReply(/What has gone well for you lately/);
  await sam.send('Second demo went smoothly\nColleagues asked good questions').expectReply(/What else went well/);
  // Pause in the middle, and come back where we left off.
  await sam.send('stop').expectReply(/Paused – your answers are saved/);
  await sam
    .send('prepare')
    .expectReply(/Welcome back/)
    .expectReply(/What else went well/);
  await sam.send('Second demo went smoothly').expectReply(/Noted/); // the same success twice is kept once
  await sam.press("That's all").expectReply(/What could go even better/); // no earlier commitments to review
  await sam
    .send('Slower intro\nHandling tough questions\nShorter slides')
    .expectReply(/What else could go even better/);
  await sam.press("That's all").expectReply(/Which matters most to you/);
  await sam.send('2 1 7').expectReply(/numbers 1 to 3/);
  await sam.send('2 1 3').expectReply(/Where would you like support from Robin/);
  await sam.send('Feedback on my slides').expectReply(/What else could Robin support you with/);
  await sam.press("That's all").expectReply(/Which topics would you like/);
  await sam.press('Use these as topics').expectReply(/Which other topic/);
  await sam.press("That's all").expectReply(/In which order would you like to discuss/);
  await sam.press('Keep this order').expectReply(/How much of it would you like/);
  await sam.press('45 min').expectReply(/Your preparation for Thursday 10 December 2026 at 14:00/);
  // Edit one part from the summary, then send.
  await sam.press('Change').expectReply(/Which part would you like to change/);
  await sam.press('Goal').expectReply(/So far: “Plan my next steps for the team demo”/);
  await sam.send('Agree on my next steps for the team demo').expectReply(/Your preparation for/);
  // The intake is one part: its questions in turn, each showing the answer so far, then back to the summary.
  await sam
    .press('Change')
    .press('Getting to know each other')
    .expectReply(/So far: “By doing it/);
  await sam.send('skip').expectReply(/good challenge for you right now/);
  await sam.send('Leading the next client demo').expectReply(/So far: “Present at the Friday stand-up”/);
  await sam.send('skip').expectReply(/So far: “A short message every Friday”/);
  await sam
    .send('skip')
    .expectReply(
      (_r, text) =>
        /Your preparation for/.test(text) &&
        /A good challenge now: Leading the next client demo/.test(text) &&
        /Learns best: By doing it and getting feedback right after/.test(text),
    );
  await sam.press('Send to Robin').expectReply(/Sent to Robin/);
  // Nothing in a first preparation asked about "last time".
  expect(sam.transcript.map(renderPlainText).join('\n')).not.toMatch(/since (your |we )?last|last time|Last time/);

  // The coach's digest.
  await robin.send('agenda').expectReply(
    (_r, text) =>
      /Agenda for your conversation with Sam/.test(text) &&
      /Agree on my next steps for the team demo/.test(text) &&
      /1\. Opening.*– 5 min/.test(text) &&
      /Handling tough questions – \d+ min/.test(text) &&
      /compliment Sam/.test(text) &&
      /How could you approach “Handling tough questions”\?/.test(text) &&
      /Feedback on my slides/.test(text) &&
      // The intake at the top: how Sam learns best, the challenge, the first step, keeping each other informed.
      /Getting to know each other/.test(text) &&
      /Learns best: By doing it and getting feedback right after/.test(text) &&
      /Keeping each other informed: A short message every Friday/.test(text),
  );
  const digest = await robin.last();
  const agendaBlock = digest.blocks?.find((b) => b.kind === 'list' && b.title === 'Agenda and time boxes');
  const boxes = agendaBlock?.kind === 'list' ? agendaBlock.items : [];
  const minutesOf = (items: readonly string[]) =>
    items.map((i) => Number(i.match(/(\d+) min$/)?.[1])).reduce((a, b) => a + b, 0);
  // The 60-minute conversation is boxed whole; Sam's topics get the 45 minutes Sam asked for them.
  expect(minutesOf(boxes)).toBe(60);
  expect(minutesOf(boxes.filter((b) => !/^(Opening|What went well|Agreements)/.test(b)))).toBe(45);

  // After the conversation: marked held, agreements, next date, evaluation.
  h.clock.set('2026-12-10T14:10:00Z');
  await h.deliverDue();
  await robin.expectNoReply(/Did it take place/);
  await h.advance(10 * 60_000); // a quarter of an hour after the end, both are asked
  await robin.expectReply(
    /How did your conversation with Sam go \(Thursday 10 December 2026 at 14:00\)\? Did it take place/,
  );
  await robin
    .press('Yes, it took place')
    .expectReply(/took place/)
    .expectReply(/What did Sam propose to do\? Write down Sam’s own solutions first/);
  await h.deliverDue();
  await sam
    .expectReply(/Robin noted that your conversation took place\. Let’s wrap it up together: your agreements/)
    .expectNoReply(/Great that your conversation took place/) // one opening line, not two
    .expectReply(/What will you do yourself\? Your own solution first/);

  // The coach writes down Sam's own solution: a proposal until Sam accepts it (effect = quality × acceptance).
  await robin.press('Add an agreement').expectReply(/What exactly will be done/); // Sam's, so no "who"
  await robin.expectNoReply(/Make #1 my agreement/); // support is offered after Sam's own solution
  await robin.send('Rehearse the intro with a timer').expectReply(/By when/);
  await robin
    .send('next Friday')
    .expectReply(
      /Let me check: Sam will take on “Rehearse the intro with a timer” by Friday 11 December 2026\. Is that right/,
    );
  await robin
    .press('Yes')
    .expectReply(
      /Proposed: Sam will take on “Rehearse the intro with a timer” by Friday 11 December 2026\. I have asked Sam to accept it/,
    );
  await h.deliverDue();
  await sam
    .expectReply(
      /Robin proposes an agreement for you: “Rehearse the intro with a timer”, by Friday 11 December 2026. Would you like to take this on/,
    )
    .press('Accept')
    .expectReply(/Accepted/)
    .expectReply(/How feasible is this by Friday 11 December 2026\?/);
  await sam
    .send('Feasible if I book a room today')
    .expectReply(/Noted: “Feasible if I book a room today”/)
    .expectReply(/What else did you agree/);

  // Sam records an own agreement with a natural-language date.
  await sam.press('Add an agreement').expectReply(/Who will do it/);
  await sam.press('Sam').expectReply(/What exactly/);
  await sam.send('Ask two colleagues for feedback on the slides').expectReply(/By when/);
  await sam.send('in two weeks').expectReply(/by Thursday 24 December 2026/);
  await sam
    .press('Yes')
    .expectReply(
      /Agreed: you will take on “Ask two colleagues for feedback on the slides” by Thursday 24 December 2026\./,
    )
    .expectReply(/How feasible is this by Thursday 24 December 2026\?/);
  await sam
    .press('A stretch, but doable')
    .expectReply(
      /^Noted: “Ask two colleagues for feedback on the slides” is a stretch, but you find it doable by Thursday 24 December 2026\.$/,
    );
  await sam.press("That's all").expectReply(/Your rhythm suggests Thursday 24 December 2026 at 14:00/);
  await sam
    .press('Plan it then')
    .expectReply(/planned for Thursday 24 December 2026 at 14:00/)
    .expectReply(/How valuable was this conversation/);
  await sam
    .press('5')
    .expectReply(/How did you experience this conversation – and what would make the next one even more valuable/);
  await sam.send('More time for practising together').expectReply(/I have shared your answer with Robin/);

  // The coach sees the next date already fixed and Sam's evaluation at once, without answering first; then
  // evaluates, and Sam sees it.
  await h.deliverDue();
  await robin
    .expectReply(/Sam planned your next conversation on Thursday 24 December 2026 at 14:00/)
    .expectReply(
      (_r, text) =>
        /Sam looked back on your conversation/.test(text) &&
        /More time for practising together/.test(text) &&
        /5\/5/.test(text),
    );
  await robin.press("That's all").expectReply(/next conversation is planned for Thursday 24 December 2026 at 14:00/);
  await robin.press('Fine').expectReply(/How valuable/);
  await robin.press('4').expectReply(/even more valuable/);
  await robin.send('Start with the demo itself').expectReply(/I have shared your answer with Sam/);
  await h.deliverDue();
  await sam.expectReply(
    (_r, text) => /Here is what Robin said/.test(text) && /Start with the demo itself/.test(text) && /4\/5/.test(text),
  );
  await robin.expectNoReply(/Here is what Sam said/); // once is enough

  // The stored documents hold exactly what was said.
  const samId = (await sam.person()).id;
  const [trajectory] = await h.trajectories.listForPerson(samId);
  expect(trajectory).toMatchObject({
    goal: 'Become a confident presenter',
    status: 'active',
    proposedBy: 'employee',
    cadenceDays: 14,
    durationMinutes: 60,
    coachId: (await robin.person()).id,
  });
  const sessions = await h.sessions.listForTrajectory(trajectory!.id);
  expect(sessions).toHaveLength(2);
  const [first, second] = sessions;
  expect(first!.status).toBe('evaluated');
  expect(first!.startsAt.toISOString()).toBe('2026-12-10T13:00:00.000Z');
  expect(first!.preparation).toMatchObject({
    goal: 'Agree on my next steps for the team demo',
    report: 'I gave two short demos. The second one went much smoother. I noticed I rush the intro.',
    reportFollowUp: 'That practising out loud really helps',
    conclusion: 'Practising out loud pays off.',
    successes: ['Second demo went smoothly', 'Colleagues asked good questions'],
    improvements: ['Handling tough questions', 'Slower intro', 'Shorter slides'],
    support: ['Feedback on my slides'],
    topics: ['Handling tough questions', 'Slower intro', 'Shorter slides', 'Feedback on my slides'],
    desiredMinutes: 45,
    skipped: [],
    intake: {
      learning: 'By doing it and getting feedback right after',
      challenge: 'Leading the next client demo',
      firstStep: 'Present at the Friday stand-up',
      keepInformed: 'A short message every Friday',
    },
  });
  expect(first!.preparation.completedAt).toBeInstanceOf(Date);
  expect(first!.evaluations.employee).toMatchObject({ rating: 5, comment: 'More time for practising together' });
  expect(first!.evaluations.coach).toMatchObject({ rating: 4, comment: 'Start with the demo itself' });
  expect(second).toMatchObject({ number: 2, status: 'scheduled' });
  expect(second!.startsAt.toISOString()).toBe('2026-12-24T13:00:00.000Z');
  const agreements = await h.agreements.listForTrajectory(trajectory!.id);
  expect(
    agreements.map((a) => ({
      owner: a.owner,
      what: a.what,
      due: a.due,
      status: a.status,
      proposedBy: a.proposedBy,
      changes: a.history.map((x) => x.change),
      notes: a.history.flatMap((x) => (x.change === 'note' && x.note ? [x.note] : [])),
    })),
  ).toEqual([
    {
      owner: 'employee',
      what: 'Rehearse the intro with a timer',
      due: '2026-12-11',
      status: 'open',
      proposedBy: 'coach',
      changes: ['created', 'accepted', 'note'],
      notes: ['Feasible if I book a room today'],
    },
    {
      owner: 'employee',
      what: 'Ask two colleagues for feedback on the slides',
      due: '2026-12-24',
      status: 'open',
      proposedBy: 'employee',
      changes: ['created', 'note'],
      notes: ['A stretch, but doable'],
    },
  ]);
  // Everything the bot said in this cycle, rendered as a person reads it, avoids the model's negative words.
  expectPositiveWording(sam, robin);

  return { sam, robin };
}
