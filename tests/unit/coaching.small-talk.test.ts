/**
 * Small talk: "hi", "hoi 👋", "thanks 🙏", "bedankt!" get a friendly answer in kind (the person's overview, or
 * "you're welcome"), never "I'm not sure what you mean". Inside an open question the words stay the person's answer.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import { parseCommand } from '../../src/coaching/commands.js';
import { createMemoryHarness } from '../support/memory/harness.js';
import type { ScriptedUser } from '../support/scripted-client.js';

const notUnderstood = /not sure what you mean|weet niet precies wat je bedoelt/i;
const refusals = (user: ScriptedUser) => user.transcript.map(renderPlainText).filter((t) => notUnderstood.test(t));

describe('greetings and thanks', () => {
  it('reads greetings and thanks with punctuation, emoji and Slack shortcodes, and nothing longer', () => {
    for (const text of ['hi', 'Hello!', 'hey 👋', 'hi :wave:', 'Goedemorgen!', 'hoi!! 😊', 'Hallo.'])
      expect(parseCommand(text)?.name, text).toBe('hello');
    for (const text of ['thanks', 'Thank you!', 'thanks 🙏🏽', 'Bedankt!', 'dank je wel', 'Dankjewel :pray:'])
      expect(parseCommand(text)?.name, text).toBe('thanks');
    for (const text of [
      'hi there, I want to start',
      'thanks for the feedback',
      'hello world program',
      'dank voor je hulp',
    ])
      expect(parseCommand(text), text).toBeNull();
  });

  it('answers in kind in English and Dutch', async () => {
    const h = createMemoryHarness({ start: '2026-12-01T08:00:00Z' });
    const sam = h.user('sam', { displayName: 'Sam', email: 'sam@example.com', locale: 'en-GB' });
    const noor = h.user('noor', { displayName: 'Noor', email: 'noor@example.com', locale: 'nl-NL' });
    await sam.send('hi').expectReply(/^Hello Sam/);
    await sam.send('thanks 🙏').expectReply(/You're welcome/);
    await noor.send('hoi 👋').expectReply(/^Hallo Noor/);
    await noor.send('Bedankt!').expectReply(/Graag gedaan/);
    expect(refusals(sam)).toEqual([]);
    expect(refusals(noor)).toEqual([]);
  });

  it('inside an open question the words are the answer, not small talk', async () => {
    const h = createMemoryHarness({ start: '2026-12-01T08:00:00Z' });
    const sam = h.user('sam', { displayName: 'Sam', email: 'sam@example.com', locale: 'en-GB' });
    await sam.send('start').expectReply(/goal/i);
    await sam
      .send('Hello')
      .expectNoReply(/^Hello Sam/)
      .expectReply(/coach/i);
  });
});
