/**
 * Bad input at every step gets a clear, kind answer and changes nothing: an empty message, 10,000 characters, an
 * impossible date where a date is asked, and a button from an old message. The whole stored state (the dialog and
 * every domain collection) is compared before and after each attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Button } from '../../src/core/reply.js';
import { createHarness, type Harness, type ScriptedUser } from '../support/scripted-client.js';
import { snapshot } from '../support/journeys.js';

describe('bad input at every step changes nothing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ start: '2026-12-01T08:00:00Z', label: 'bad_input' });
  });
  afterAll(() => h.close());

  /** Tries every kind of bad input at the current step and checks the answer and that nothing changed. */
  async function battery(user: ScriptedUser, stale: Button, options: { date?: boolean } = {}): Promise<void> {
    const before = await snapshot(h, user);
    await user.send('').expectReply(/empty/);
    expect(await snapshot(h, user)).toBe(before);
    await user.send('a'.repeat(10_000)).expectReply(/a bit long for me \(10000 characters\)/);
    expect(await snapshot(h, user)).toBe(before);
    await user.pressButton(stale).expectReply(/belongs to an earlier message/);
    expect(await snapshot(h, user)).toBe(before);
    if (options.date) {
      await user.send('30 februari').expectReply(/doesn't exist in the calendar/);
      expect(await snapshot(h, user)).toBe(before);
    }
  }

  it('during setup', async () => {
    const sam = h.user('sam', { displayName: 'Sam', locale: 'en' });
    const robin = h.user('robin', { displayName: 'Robin', email: 'robin@example.com', locale: 'en' });
    await robin.send('help');
    await sam
      .send('start')
      .send('Grow as a presenter')
      .expectReply(/Who would you like/);
    const stale = sam.findButton('Give me an invite code');
    await sam.send('robin@example.com').expectReply(/How often/);
    await battery(sam, stale);
    await sam.press('every 14 days').expectReply(/first conversation/);
    await battery(sam, stale, { date: true });
    await sam.send('2026-12-10 14:00').expectReply(/How long/);
    await battery(sam, stale);
    await sam.press('60 min').expectReply(/Shall I send/);
    await battery(sam, stale);
    await sam.press('Send the invitation').expectReply(/Invitation sent/);
    await h.deliverDue();
    await robin.press('Accept').expectReply(/now coaching Sam/);
  });

  it('during preparation, the agreement form and the after-session questions', async () => {
    const sam = h.user('sam');
    const robin = h.user('robin');
    await sam.send('prepare').expectReply(/What would you like to get out of coaching with Robin/);
    const stale = sam.findButton('Skip');
    await sam.send('Clear next steps').expectReply(/How do you learn best/);
    await battery(sam, stale);
    await sam.send('By doing').expectReply(/good challenge/);
    await sam
      .press('Skip')
      .press('Skip')
      .press('Skip')
      .expectReply(/travel report/);
    for (const [answer, next] of [
      ['It went well overall.', /What made that work/],
      ['The rhythm', /What has gone well for you lately/],
      ['Demo went fine', /What else went well/],
    ] as const) {
      await battery(sam, stale);
      await sam.send(answer).expectReply(next);
    }
    await battery(sam, stale);
    await sam.press("That's all").expectReply(/What could go even better/);
    await sam
      .send('Pace\nSlides')
      .press("That's all")
      .expectReply(/Which matters most/);
    await battery(sam, stale);
    await sam.send('9 9').expectReply(/numbers 1 to 2/);
    await sam.send('2 1').expectReply(/support/);
    await sam
      .press("That's all")
      .press('Use these as topics')
      .press("That's all")
      .press('Keep this order')
      .expectReply(/How much of it/);
    await battery(sam, stale);
    await sam.send('500').expectReply(/Between 5 and 60/);
    await sam.send('an hour and a half').expectReply(/Between 5 and 60/); // read as 90: more than the conversation
    // Typed in words, as the set-up reads a duration (the buttons are pressed in the en/nl cycles).
    await sam.send('about half an hour').expectReply(/Your preparation for/);
    await battery(sam, stale);
    await sam.press('Send to Robin').expectReply(/Sent to Robin/);

    // After the conversation: the agreement questions and the form.
    h.clock.set('2026-12-10T14:20:00Z');
    await h.deliverDue();
    await robin.press('Yes, it took place').expectReply(/What did Sam propose to do/);
    const afterStale = robin.findButton('Add an agreement');
    await robin.press('Add an agreement').expectReply(/What exactly/); // Sam's own solution first
    await battery(robin, afterStale);
    await robin.send('Book a rehearsal room').expectReply(/By when/);
    await battery(robin, afterStale, { date: true });
    await robin.send('2026-12-01').expectReply(/already passed/);
    await robin
      .send('Friday')
      .expectReply(/Let me check: Sam will take on “Book a rehearsal room” by Friday 11 December 2026\. Is that right/);
    await battery(robin, afterStale);
    await robin.press('Yes').expectReply(/asked Sam to accept/);

    // The form: an invalid submit comes back with inline errors and saves nothing.
    const before = await snapshot(h, robin);
    await robin.press('Use the form').expectReply(/New agreement/);
    const formBefore = await snapshot(h, robin);
    expect(formBefore).toBe(before);
    await robin.submit({ owner: 'someone', what: '', due: '31/04/2027' }).expectReply((r) => {
      const form = r.blocks?.find((b) => b.kind === 'form');
      return (
        form?.kind === 'form' &&
        Boolean(form.form.errors?.owner && form.form.errors.what && /doesn't exist/.test(form.form.errors.due ?? ''))
      );
    });
    await robin
      .submit({ owner: 'coach', what: 'x'.repeat(501), due: 'tomorrow' })
      .expectReply(
        (r) => r.blocks?.some((b) => b.kind === 'form' && /bit long/.test(b.form.errors?.what ?? '')) ?? false,
      );
    expect(await snapshot(h, robin)).toBe(before);
  });

  it('with unknown commands and garbled text while idle', async () => {
    const robin = h.user('robin');
    await robin.send('cancel');
    const before = await snapshot(h, robin);
    for (const text of ['blargh', '🙂🙂🙂', '{"$where": "1"}', '/coach nonsense']) {
      await robin.send(text).expectReply(/not sure what you mean/);
    }
    expect(await snapshot(h, robin)).toBe(before);
  });
});
