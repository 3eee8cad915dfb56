/**
 * "Did it take place?" answered in words that say neither yes, moved nor no: kept as a note on the conversation,
 * quoted back with who will see it, asked again once; and the coach finds the notes in the next agenda.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import { createMemoryHarness } from '../support/memory/harness.js';
import type { ScriptedUser } from '../support/scripted-client.js';

const count = (user: ScriptedUser, re: RegExp): number =>
  user.transcript.map(renderPlainText).filter((t) => re.test(t)).length;

describe('a note on the conversation, typed in reply to "did it take place?"', () => {
  it('is kept, quoted back and shown in the next agenda (English)', async () => {
    const h = createMemoryHarness({ start: '2026-12-01T08:00:00Z' });
    const sam = h.user('sam', { displayName: 'Sam', email: 'sam@example.com', locale: 'en-GB' });
    const robin = h.user('robin', { displayName: 'Robin', email: 'robin@example.com', locale: 'en-GB' });
    await robin.send('hello');
    await sam.send('start').send('Become a calmer presenter').send('robin@example.com');
    await sam.send('every 2 weeks').send('2026-12-10 14:00').send('60').send('yes');
    await h.deliverDue();
    await robin.send('yes');
    await h.deliverDue();
    h.clock.set('2026-12-10T14:20:00Z');
    await h.deliverDue();

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

    const [trajectory] = await h.trajectories.listForPerson((await sam.person()).id);
    const [first] = await h.sessions.listForTrajectory(trajectory!.id);
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
    const h = createMemoryHarness({ start: '2026-12-01T08:00:00Z' });
    const noor = h.user('noor', { displayName: 'Noor', email: 'noor@voorbeeld.nl', locale: 'nl-NL' });
    const jan = h.user('jan', { displayName: 'Jan', email: 'jan@voorbeeld.nl', locale: 'nl-NL' });
    await jan.send('hallo');
    await noor.send('start').send('Rustiger leidinggeven').send('jan@voorbeeld.nl');
    await noor.send('elke 2 weken').send('2026-12-10 14:00').send('60').send('ja');
    await h.deliverDue();
    await jan.send('ja');
    await h.deliverDue();
    h.clock.set('2026-12-10T14:20:00Z');
    await h.deliverDue();
    await noor
      .expectReply(/Heeft het plaatsgevonden/)
      .send('Jan had weinig tijd')
      .expectReply(/Genoteerd bij jullie gesprek van .*“Jan had weinig tijd”\nJan ziet deze notitie in de agenda/)
      .expectReply(/Heeft je gesprek met Jan plaatsgevonden/);
    const [trajectory] = await h.trajectories.listForPerson((await noor.person()).id);
    const [first] = await h.sessions.listForTrajectory(trajectory!.id);
    expect(first!.notes?.map((n) => [n.role, n.text])).toEqual([['employee', 'Jan had weinig tijd']]);
    await noor.send('ja hoor').expectReply(/Wat ga je zelf doen/); // a yes said some other way
    const [held] = await h.sessions.listForTrajectory(trajectory!.id);
    expect(held!.status).toBe('held');
    expect(held!.notes).toHaveLength(1); // a bare yes adds no note
  });

  it('an answer after the other person already called it off is kept as a note too', async () => {
    const h = createMemoryHarness({ start: '2026-12-01T08:00:00Z' });
    const sam = h.user('sam', { displayName: 'Sam', email: 'sam@example.com', locale: 'en-GB' });
    const robin = h.user('robin', { displayName: 'Robin', email: 'robin@example.com', locale: 'en-GB' });
    await robin.send('hello');
    await sam.send('start').send('Become a calmer presenter').send('robin@example.com');
    await sam.send('every 2 weeks').send('2026-12-10 14:00').send('60').send('yes');
    await h.deliverDue();
    await robin.send('yes');
    await h.deliverDue();
    h.clock.set('2026-12-10T14:20:00Z');
    await h.deliverDue();
    await sam.send('It did not happen, Robin was ill').expectReply(/called off/);
    await robin
      .expectReply(/Did it take place/)
      .send('Sorry, I was ill all week')
      .expectReply(/Noted for your conversation .*“Sorry, I was ill all week”/);
    await h.deliverDue();
    const [trajectory] = await h.trajectories.listForPerson((await sam.person()).id);
    const [first] = await h.sessions.listForTrajectory(trajectory!.id);
    expect(first!.status).toBe('cancelled');
    expect(first!.notes?.map((n) => [n.role, n.text])).toEqual([
      ['employee', 'It did not happen, Robin was ill'],
      ['coach', 'Sorry, I was ill all week'],
    ]);
    expect(count(robin, /not sure what you mean/)).toBe(0);
  });
});
