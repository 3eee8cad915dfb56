/**
 * "Did it take place?" answered with "Yes, we met" (or its button) while another flow is open: the open flow is
 * parked in one line, the wrap-up runs (agreements, the next date, the evaluation), and then the parked flow's
 * question is asked again. Leaving the wrap-up with `stop` goes back to it too. Nothing is dropped without a word.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import { typedPreparation, type TypedLocale } from '../support/typed-journey.js';

/** Sam is writing an agreement ("Who will do it?") when the follow-up after the first conversation arrives. */
async function agreementHalfWritten(locale: TypedLocale) {
  const pair = await typedPreparation(locale);
  const { h, sam, nl } = pair;
  await sam
    .send(nl ? 'afspraken' : 'agreements')
    .press(nl ? 'Afspraak toevoegen' : 'Add an agreement')
    .expectReply(nl ? /Wie gaat het doen/ : /Who will do it/);
  h.clock.set('2026-12-10T15:10:00Z');
  await h.deliverDue();
  await sam.expectReply(nl ? /Heeft het plaatsgevonden/ : /Did it take place/);
  return pair;
}

const count = (texts: string[], re: RegExp) => texts.filter((t) => re.test(t)).length;

describe('the wrap-up started over an open flow', () => {
  it('in English: parked in one line, the whole wrap-up (a typed next date too), then asked again', async () => {
    const { h, sam, trajectoryId } = await agreementHalfWritten('en-GB');
    await sam
      .send('Yes, we met')
      .expectReply(/First we wrap up your conversation – then we carry on where we were/)
      .expectReply(/What will you do yourself/);
    await sam.send("that's all").expectReply(/Your rhythm suggests/);
    // A date of their own goes through the date flow and back to the wrap-up: still parked, not told twice.
    await sam.send('Thursday 7 January at 14:00').expectReply(/Thursday 7 January 2027 at 14:00\. Is that right/);
    await sam
      .send('yes')
      .expectReply(/planned for Thursday 7 January 2027 at 14:00/)
      // Told before answering that the answers are shared at once, as on the proposed date's path.
      .expectReply(/your answers go to Robin straight away[\s\S]*How valuable was this conversation/);
    await sam.send('4').expectReply(/How did you experience this conversation/);
    await sam
      .send('Good to have it planned')
      .expectReply(/Thank you/)
      .expectReply(/Back to where we were/)
      .expectReply(/Who will do it/);
    // The agreement is written on from where it was.
    await sam.send('me').expectReply(/What exactly/);
    const texts = sam.transcript.map(renderPlainText);
    expect(count(texts, /First we wrap up/)).toBe(1);
    expect(count(texts, /First the date/)).toBe(0);
    const sessions = await h.sessions.listForTrajectory(trajectoryId);
    expect(sessions[0]?.evaluations.employee?.rating).toBe(4);
    expect(sessions.map((s) => s.startsAt.toISOString())).toContain('2027-01-07T13:00:00.000Z');
  });

  it('in Dutch: "ja, het ging goed" parks the agreement; stop leaves the wrap-up and goes back to it', async () => {
    const { sam } = await agreementHalfWritten('nl-NL');
    await sam
      .send('ja, het ging goed')
      .expectReply(/Eerst ronden we jullie gesprek af – daarna gaan we verder waar we waren/)
      .expectReply(/Wat ga je zelf doen/);
    await sam
      .send('stop')
      .expectReply(/Terug naar waar we waren/)
      .expectReply(/Wie gaat het doen/);
    await sam.send('ik').expectReply(/Wat wordt er precies gedaan/);
  });

  it('its button, pressed while a flow is open, parks the flow as well', async () => {
    const { sam } = await agreementHalfWritten('en-GB');
    await sam
      .press('Yes, it took place')
      .expectReply(/First we wrap up your conversation/)
      .expectReply(/What will you do yourself/);
    await sam
      .send('stop')
      .expectReply(/Back to where we were/)
      .expectReply(/Who will do it/);
  });

  it('with nothing open: the wrap-up starts without the line, and ends without going back', async () => {
    const { h, sam } = await typedPreparation('en-GB');
    await sam.send('stop');
    h.clock.set('2026-12-10T15:10:00Z');
    await h.deliverDue();
    await sam
      .expectReply(/Did it take place/)
      .send('Yes, we met')
      .expectReply(/What will you do yourself/);
    await sam.send('stop').expectNoReply(/Back to where we were/);
    expect(count(sam.transcript.map(renderPlainText), /First we wrap up/)).toBe(0);
  });

  it("the proposed date's button labels typed do what the buttons do", async () => {
    const { sam } = await agreementHalfWritten('en-GB');
    await sam
      .send('Yes, we met')
      .send("that's all")
      .expectReply(/Your rhythm suggests Thursday 24 December/);
    await sam.send('Another date').expectReply(/When would you like to meet next/);
    await sam
      .send('stop')
      .expectReply(/Back to where we were/)
      .expectReply(/Who will do it/);
    await sam.press('Yes, it took place').send("that's all").send('Plan it then');
    await sam
      .expectReply(/planned for Thursday 24 December 2026 at 14:00/)
      .expectReply(/How valuable was this conversation/);
  });
});
