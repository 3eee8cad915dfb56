/**
 * No prompt to prepare when the conversation starts within two hours (src/coaching/notices/prep.notices.ts): not
 * planned for a conversation moved to a moment that close, and not sent when an invitation or reminder is held up
 * until then (the clock jumps, as after quiet hours or a stopped scheduler). Further ahead it still goes out.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import { typedPair } from '../support/typed-journey.js';

const prompts = (said: readonly string[], re: RegExp) => said.filter((t) => re.test(t));

describe('no prompt to prepare within two hours of the conversation', () => {
  // The first conversation: Thursday 10 December 2026, 14:00 in Amsterdam (13:00 UTC); the invitation is planned for
  // Tuesday 8 December 09:00, the reminder for Wednesday 9 December 09:00.
  it.each([
    ['2026-12-10T11:05:00Z', 0], // 12:05, 1 h 55 min before: nothing
    ['2026-12-10T12:45:00Z', 0], // 13:45, a quarter of an hour before: nothing
    ['2026-12-10T10:55:00Z', 1], // 11:55, 2 h 5 min before: one prompt, "today"
  ] as const)('held up until %s: %i prompt(s)', async (at, count) => {
    const { h, sam } = await typedPair('en-GB');
    const before = sam.transcript.length;
    h.clock.set(at);
    await h.deliverDue();
    const said = sam.transcript.slice(before).map(renderPlainText);
    expect(prompts(said, /prepare/i)).toHaveLength(count);
    expect(prompts(said, /Your conversation with Robin is today \(Thursday 10 December 2026 at 14:00\)/)).toHaveLength(
      count,
    );
  });

  it('Dutch: moved to this morning at short notice, no invitation is planned; moved a little later, it is', async () => {
    const { h, sam } = await typedPair('nl-NL');
    h.clock.set('2026-12-03T08:15:00Z'); // Thursday 3 December, 09:15 in Amsterdam
    await sam.send('verzet naar 3 december om 10:30').expectReply(/Klopt dat\?/);
    await sam.send('ja').expectReply(/Verzet naar donderdag 3 december 2026 om 10:30/);
    expect(h.outbox.pending().filter((i) => i.kind.startsWith('prep.'))).toEqual([]);
    await h.deliverDue();
    expect(prompts(sam.transcript.map(renderPlainText), /Wil je het voorbereiden\?/)).toEqual([]);

    await sam.send('verzet naar 3 december om 12:00').expectReply(/Klopt dat\?/);
    await sam.send('ja').expectReply(/Verzet naar donderdag 3 december 2026 om 12:00/);
    await h.deliverDue();
    expect(prompts(sam.transcript.map(renderPlainText), /Wil je het voorbereiden\?/)).toEqual([
      expect.stringMatching(/^Je gesprek met Robin is vandaag \(donderdag 3 december 2026 om 12:00\)/),
    ]);
  });
});
