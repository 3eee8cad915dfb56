/** The rule that decides which open question a typed reply answers. */
import { describe, expect, it } from 'vitest';
import {
  afterAnswering,
  forget,
  OPEN_FOR_MS,
  remember,
  replyTarget,
  type AskedQuestion,
} from '../../src/coaching/listen/reply.routing.js';

const now = new Date('2026-12-10T10:00:00Z');
const q = (ref: string, revision: number, daysAgo = 0): AskedQuestion => ({
  kind: 'agreement',
  ref,
  revision,
  at: new Date(now.getTime() - daysAgo * 86_400_000).toISOString(),
});

describe('replyTarget', () => {
  it('"Shall we pick a date?" answered: "did it take place?" stays open, for words that name its answer only', () => {
    const held: AskedQuestion = { kind: 'session', ref: 's1', revision: 4, at: now.toISOString() };
    const next: AskedQuestion = { kind: 'next', ref: 's1', revision: 6, at: now.toISOString() };
    const left = afterAnswering([next, held, q('a1', 2)], 'next', 's1');
    expect(left).toEqual([{ ...held, named: true }, q('a1', 2)]);
    expect(replyTarget({ revision: 3, form: false }, left, now)).toEqual({ to: 'flow' });
    expect(replyTarget(null, left, now)).toEqual({ to: 'asked', question: q('a1', 2) });
    expect(replyTarget({ revision: 3, form: false }, left, now, true)).toEqual({ to: 'asked', question: left[0] });
    // Any other question answered closes everything about the same thing, as before.
    expect(afterAnswering([next, held, q('a1', 2)], 'session', 's1')).toEqual([q('a1', 2)]);
  });

  it('the most recent question wins: a reminder asked after the flow step takes the reply', () => {
    expect(replyTarget({ revision: 5, form: false }, [q('a1', 7)], now)).toEqual({ to: 'asked', question: q('a1', 7) });
  });

  it('a flow step asked after the reminder takes the reply', () => {
    expect(replyTarget({ revision: 9, form: false }, [q('a1', 7)], now)).toEqual({ to: 'flow' });
  });

  it('an open form keeps every reply, however recent the reminder', () => {
    expect(replyTarget({ revision: 5, form: true }, [q('a1', 7)], now)).toEqual({ to: 'flow' });
  });

  it('with no flow, the newest open question takes the reply', () => {
    expect(replyTarget(null, [q('a1', 3), q('a2', 8), q('a3', 5)], now)).toEqual({
      to: 'asked',
      question: q('a2', 8),
    });
  });

  it('an expired question no longer takes replies', () => {
    const old = q('a1', 3, OPEN_FOR_MS / 86_400_000 + 1);
    expect(replyTarget(null, [old], now)).toEqual({ to: 'nothing' });
    expect(replyTarget({ revision: 1, form: false }, [old], now)).toEqual({ to: 'flow' });
  });

  it('nothing asked and no flow: the reply answers nothing', () => {
    expect(replyTarget(null, [], now)).toEqual({ to: 'nothing' });
  });
});

describe('remember / forget', () => {
  it('asking about the same thing again replaces the earlier question', () => {
    expect(remember([q('a1', 3), q('a2', 4)], q('a1', 9)).map((x) => [x.ref, x.revision])).toEqual([
      ['a1', 9],
      ['a2', 4],
    ]);
  });

  it('keeps at most ten questions', () => {
    let asked: AskedQuestion[] = [];
    for (let i = 0; i < 15; i++) asked = remember(asked, q(`a${i}`, i));
    expect(asked).toHaveLength(10);
    expect(asked[0]?.ref).toBe('a14');
  });

  it('forgets an answered question', () => {
    expect(forget([q('a1', 3), q('a2', 4)], 'a1').map((x) => x.ref)).toEqual(['a2']);
  });
});
