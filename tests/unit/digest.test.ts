/**
 * The coach's digest: drafts stay private until sent; it opens with the employee's own conclusion, what both said
 * last time and the intake; a passed date is an open question; the first-step and learning-style prompts are never
 * dropped to make room.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import { coachDigest, coachVisible, digestContext, openQuestions } from '../../src/coaching/digest.js';
import { emptyPreparation, type Agreement, type Session } from '../../src/coaching/model.js';
import { translator } from '../../src/i18n/index.js';
import { robin, sam, session, trajectory } from '../support/digest-fixtures.js';

const t = translator('en');
const now = new Date('2026-12-09T09:00:00Z');
const full = {
  ...emptyPreparation(),
  goal: 'Agree on next steps',
  conclusion: 'Practising out loud pays off.',
  successes: ['Second demo went smoothly', 'Good questions'],
  improvements: ['Slower intro', 'Tough questions'],
  support: ['Feedback on slides'],
  topics: ['Slower intro'],
};
const digestText = (s: Session, extra: Partial<Parameters<typeof coachDigest>[0]> = {}, agreements: Agreement[] = []) =>
  renderPlainText(
    coachDigest({ session: s, trajectory, employee: sam, coach: robin, agreements, t, locale: 'en', now, ...extra }),
  );

describe('coach digest', () => {
  it('shows nothing of a draft the employee has not sent', () => {
    const draft = session(1, { status: 'preparing', preparation: { ...full } });
    expect(coachVisible(draft)).toBeNull();
    const text = digestText(draft);
    expect(text).toMatch(/Sam hasn’t prepared yet/);
    expect(text).not.toMatch(/Practising out loud|Second demo|Slower intro/);
  });

  it('shows what was sent, not changes made after sending', () => {
    const sent = { ...full, completedAt: now };
    const s = session(1, {
      status: 'prepared',
      preparation: { ...sent, successes: [...full.successes, 'A later draft success'], sent },
    });
    const text = digestText(s);
    expect(text).toMatch(/Second demo went smoothly/);
    expect(text).not.toMatch(/A later draft success/);
  });

  it('opens with the employee’s own one-sentence conclusion, then what was said last time and the intake', () => {
    const s = session(2, { status: 'prepared', preparation: { ...full, completedAt: now } });
    const reply = coachDigest({
      session: s,
      trajectory,
      employee: sam,
      coach: robin,
      agreements: [],
      t,
      locale: 'en',
      now,
      intake: { learning: 'By doing', firstStep: 'Rehearse once a week' },
      lastEvaluations: {
        employee: { comment: 'More practice time', at: now },
        coach: { rating: 4, comment: 'Start with the demo', at: now },
      },
      first: false,
    });
    const first = reply.blocks?.[0];
    expect(first).toMatchObject({
      kind: 'section',
      title: 'In Sam’s own words',
      text: '“Practising out loud pays off.”',
    });
    const text = renderPlainText(reply);
    expect(text.indexOf('More practice time')).toBeLessThan(text.indexOf('Agenda and time boxes'));
    expect(text).toMatch(/Robin \(4\/5\): “Start with the demo”/);
    expect(text).toMatch(/Learns best: By doing/);
    expect(text.indexOf('By doing')).toBeLessThan(text.indexOf('Agenda and time boxes'));
  });

  it('raises a passed date as an open question', () => {
    const a: Agreement = {
      id: 'a1',
      trajectoryId: 't1',
      sessionId: 's0',
      owner: 'employee',
      what: 'Rehearse the intro',
      due: '2026-12-04',
      status: 'open',
      proposedBy: 'employee',
      history: [],
      createdAt: now,
      revision: 1,
    };
    const text = digestText(session(2, { status: 'prepared', preparation: { ...full, completedAt: now } }), {}, [a]);
    expect(text).toMatch(
      /The date for “Rehearse the intro” was Friday 4 December 2026\. How is it going, and what would help\?/,
    );
  });

  it('asks about the employee’s passed date, and shows the coach’s own passed commitment as theirs, not as a question', () => {
    const base = {
      trajectoryId: 't1',
      sessionId: 's0',
      status: 'open' as const,
      proposedBy: 'employee' as const,
      history: [],
      createdAt: now,
      revision: 1,
      due: '2026-12-04',
    };
    const mine: Agreement = { ...base, id: 'a1', owner: 'employee', what: 'Rehearse the intro' };
    const robins: Agreement = { ...base, id: 'a2', owner: 'coach', what: 'Book a rehearsal room' };
    const text = digestText(session(2), {}, [mine, robins]);
    expect(text).toMatch(/The date for “Rehearse the intro” was Friday 4 December 2026/);
    expect(text).not.toMatch(/The date for “Book a rehearsal room”/);
    expect(text).toMatch(
      /Robin: Book a rehearsal room \(Friday 4 December 2026\) – past its date – your own commitment/,
    );
  });

  it('leaves out the heading of an empty question list', () => {
    // A later conversation, not prepared yet, the intake answering the first-step and learning prompts, nothing passed.
    const text = digestText(session(2), { first: false, intake: { learning: 'By doing', firstStep: 'Rehearse once' } });
    expect(text).toMatch(/Opening questions/);
    expect(text).not.toMatch(/Open questions to ask/);
  });

  it('never drops the first-step and learning-style prompts, however many other questions there are', () => {
    const qs = openQuestions(
      { ...full, agreementReview: [{ agreementId: 'a', what: 'X', status: 'stuck' }] },
      trajectory,
      t,
    );
    expect(qs.length).toBeGreaterThanOrEqual(5);
    expect(qs).toContain(t('digest.q.learning'));
    expect(qs.some((q) => q.startsWith('What would be a first small step'))).toBe(true);
  });

  it('in a first conversation adds the intake questions the employee has not answered, and leaves out the answered ones', () => {
    const qs = openQuestions(null, trajectory, t, { first: true, intake: { learning: 'By doing' } });
    expect(qs).not.toContain(t('digest.q.learning'));
    expect(qs).toContain(t('digest.q.challenge'));
    expect(qs).toContain(t('digest.q.keepInformed'));
  });

  it('finds the newest sent intake and the evaluations of the conversation before', () => {
    const one = session(1, {
      status: 'evaluated',
      preparation: { ...emptyPreparation(), completedAt: now, intake: { learning: 'By doing' } },
      evaluations: { employee: { comment: 'Good talk', at: now } },
    });
    const two = session(2, {
      status: 'preparing',
      preparation: { ...emptyPreparation(), intake: { learning: 'Draft' } },
    });
    expect(digestContext(two, [one, two])).toEqual({
      intake: { learning: 'By doing' },
      lastEvaluations: one.evaluations,
      first: false,
    });
    expect(digestContext(one, [one, two]).first).toBe(true);
  });
});
