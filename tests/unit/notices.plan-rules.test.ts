import { describe, expect, it } from 'vitest';
import { emptyPreparation, type Agreement, type Session } from '../../src/coaching/model.js';
import { afterSessionItems } from '../../src/coaching/notices/after-session.notices.js';
import { deliveredStep, parseAgreementNudge } from '../../src/coaching/notices/agreement-nudge.notices.js';
import { agreementSteps, nextAgreementItems } from '../../src/coaching/notices/agreement-nudge.rules.js';
import { digestItems } from '../../src/coaching/notices/digest.notices.js';
import type { Recipient } from '../../src/coaching/notices/notice.js';
import { prepItems } from '../../src/coaching/notices/prep.notices.js';
import { defaultPlannerSettings as s } from '../../src/coaching/notices/settings.js';

const weekdays = [1, 2, 3, 4, 5];
const ams: Recipient = {
  id: 'emp',
  timeZone: 'Europe/Amsterdam',
  workingHours: { start: '09:00', end: '17:30', days: weekdays },
};
const nyc: Recipient = {
  id: 'coach',
  timeZone: 'America/New_York',
  workingHours: { start: '09:00', end: '17:00', days: weekdays },
};

const session = (startsAt: string, extra: Partial<Session> = {}): Session => ({
  id: 't1#1',
  trajectoryId: 't1',
  number: 1,
  startsAt: new Date(startsAt),
  durationMinutes: 60,
  status: 'scheduled',
  preparation: emptyPreparation(),
  evaluations: {},
  revision: 0,
  ...extra,
});

const agreement = (due: string, extra: Partial<Agreement> = {}): Agreement => ({
  id: 'a1',
  trajectoryId: 't1',
  owner: 'employee',
  what: 'Write the plan',
  due,
  status: 'open',
  proposedBy: 'employee',
  history: [],
  createdAt: new Date('2026-12-01T08:00:00Z'),
  revision: 0,
  ...extra,
});

const brief = (items: readonly { key: string; kind: string; recipientId: string; dueAt: Date; urgent?: boolean }[]) =>
  items.map((i) => ({
    key: i.key,
    kind: i.kind,
    to: i.recipientId,
    at: i.dueAt.toISOString(),
    ...(i.urgent ? { urgent: true } : {}),
  }));

describe('session planning', () => {
  it('invites the employee two working days before at 09:00 their time, and reminds one working day before', () => {
    // Session Monday 2026-12-07 10:00 Amsterdam; planned on Tuesday 2026-12-01.
    const items = prepItems(session('2026-12-07T09:00:00Z'), ams, s, new Date('2026-12-01T08:00:00Z'));
    expect(brief(items)).toEqual([
      {
        key: 'session/t1#1/prep/2026-12-07T09:00:00.000Z/invite',
        kind: 'prep.invite',
        to: 'emp',
        at: '2026-12-03T08:00:00.000Z',
      }, // Thursday 09:00
      {
        key: 'session/t1#1/prep/2026-12-07T09:00:00.000Z/reminder',
        kind: 'prep.reminder',
        to: 'emp',
        at: '2026-12-04T08:00:00.000Z',
      }, // Friday 09:00
    ]);
    expect(items[0]?.payload).toEqual({ sessionId: 't1#1', startsAt: '2026-12-07T09:00:00.000Z' });
  });

  it('keeps 09:00 local when the invitation and the session fall on either side of a DST change', () => {
    // Amsterdam: session Tuesday 2026-10-27 (CET); invitation Friday 2026-10-23 (CEST) → 07:00Z; reminder Monday → 08:00Z.
    const ams2 = brief(prepItems(session('2026-10-27T09:00:00Z'), ams, s, new Date('2026-10-20T08:00:00Z')));
    expect(ams2.map((i) => i.at)).toEqual(['2026-10-23T07:00:00.000Z', '2026-10-26T08:00:00.000Z']);
    // New York: session Tuesday 2027-03-16 (EDT); invitation Friday 2027-03-12 (EST) → 14:00Z; reminder Monday (EDT) → 13:00Z.
    const employeeInNy = { ...nyc, id: 'emp' };
    const ny = brief(prepItems(session('2027-03-16T14:00:00Z'), employeeInNy, s, new Date('2027-03-08T12:00:00Z')));
    expect(ny.map((i) => i.at)).toEqual(['2027-03-12T14:00:00.000Z', '2027-03-15T13:00:00.000Z']);
  });

  it('invites at once (at the next allowed moment) when the usual day has passed, and leaves out a same-day reminder', () => {
    // Planned Thursday 2026-12-03 16:00 local for Friday 10:00: the invitation goes now, no separate reminder.
    const items = brief(prepItems(session('2026-12-04T09:00:00Z'), ams, s, new Date('2026-12-03T15:00:00Z')));
    expect(items).toEqual([expect.objectContaining({ kind: 'prep.invite', at: '2026-12-03T15:00:00.000Z' })]);
  });

  it('plans nothing to prepare once prepared or once the session began', () => {
    expect(
      prepItems(session('2026-12-07T09:00:00Z', { status: 'prepared' }), ams, s, new Date('2026-12-01T08:00:00Z')),
    ).toEqual([]);
    expect(prepItems(session('2026-12-01T07:00:00Z'), ams, s, new Date('2026-12-01T08:00:00Z'))).toEqual([]);
  });

  it('asks both 15 minutes after the end, and reminds both about the next date one working day later, each in their own zone', () => {
    const items = brief(
      afterSessionItems(
        session('2026-12-07T09:00:00Z'),
        { employee: ams, coach: nyc },
        s,
        new Date('2026-12-01T08:00:00Z'),
      ),
    );
    expect(items).toEqual([
      {
        key: 'session/t1#1/followup/2026-12-07T09:00:00.000Z/employee',
        kind: 'session.followup',
        to: 'emp',
        at: '2026-12-07T10:15:00.000Z',
      },
      {
        key: 'session/t1#1/next/2026-12-07T09:00:00.000Z/employee',
        kind: 'next.reminder',
        to: 'emp',
        at: '2026-12-08T08:00:00.000Z',
      },
      // 10:15Z is 05:15 in New York: held until the coach's working day starts.
      {
        key: 'session/t1#1/followup/2026-12-07T09:00:00.000Z/coach',
        kind: 'session.followup',
        to: 'coach',
        at: '2026-12-07T14:00:00.000Z',
      },
      {
        key: 'session/t1#1/next/2026-12-07T09:00:00.000Z/coach',
        kind: 'next.reminder',
        to: 'coach',
        at: '2026-12-08T14:00:00.000Z',
      },
    ]);
  });

  it('leaves out the next-session reminder when the next session is planned', () => {
    const items = afterSessionItems(
      session('2026-12-07T09:00:00Z', { nextSessionId: 't1#2' }),
      { employee: ams, coach: nyc },
      s,
      new Date('2026-12-01T08:00:00Z'),
    );
    expect(items.map((i) => i.kind)).toEqual(['session.followup', 'session.followup']);
  });

  it('sends the digest at once and the final digest an hour before, both urgent', () => {
    const prepared = session('2026-12-07T09:00:00Z', {
      status: 'prepared',
      preparation: { ...emptyPreparation(), completedAt: new Date('2026-12-04T10:00:00Z') },
    });
    expect(brief(digestItems(prepared, nyc, s, new Date('2026-12-04T10:00:00Z'), true))).toEqual([
      {
        key: 'session/t1#1/digest/2026-12-04T10:00:00.000Z',
        kind: 'digest',
        to: 'coach',
        at: '2026-12-04T10:00:00.000Z',
        urgent: true,
      },
      {
        key: 'session/t1#1/final/2026-12-07T09:00:00.000Z',
        kind: 'digest.final',
        to: 'coach',
        at: '2026-12-07T08:00:00.000Z',
        urgent: true,
      },
    ]);
    expect(digestItems(prepared, nyc, s, new Date('2026-12-07T08:30:00Z'), false)).toEqual([]);
  });
});

describe('agreement planning', () => {
  const parties = { owner: ams, other: nyc, ownerRole: 'employee' as const };

  it('sends at most two reminders by default: the first before the date, none on it, the next after it', () => {
    // Due Thursday 2026-12-10.
    expect(agreementSteps(agreement('2026-12-10'), ams, s).map((x) => [x.step, x.at.toISOString()])).toEqual([
      ['upcoming', '2026-12-08T08:00:00.000Z'],
      ['followup1', '2026-12-14T08:00:00.000Z'],
    ]);
    expect(s.maxRemindersPerAgreement).toBe(2);
  });

  it('follows the setting for the number of reminders per agreement', () => {
    const steps = (max: number) =>
      agreementSteps(agreement('2026-12-10'), ams, { ...s, maxRemindersPerAgreement: max }).map((x) => x.step);
    expect(steps(0)).toEqual([]);
    expect(steps(1)).toEqual(['upcoming']);
    expect(steps(3)).toEqual(['upcoming', 'followup1', 'followup2']);
    expect(steps(5)).toEqual(['upcoming', 'followup1', 'followup2']); // no more steps than configured days
  });

  it('counts working days around a due date that falls on a day off', () => {
    const steps = agreementSteps(agreement('2026-12-12'), ams, s); // Saturday
    expect(steps.map((x) => [x.step, x.at.toISOString()])).toEqual([
      ['upcoming', '2026-12-10T08:00:00.000Z'],
      ['followup1', '2026-12-15T08:00:00.000Z'],
    ]);
  });

  it('plans only the next message to the owner, then the one after it once delivered, and nothing to the other person', () => {
    const a = agreement('2026-12-10');
    const first = nextAgreementItems(a, parties, s, new Date('2026-12-01T08:00:00Z'));
    expect(brief(first)).toEqual([
      {
        key: 'agreement/a1/2026-12-10/upcoming',
        kind: 'agreement.upcoming',
        to: 'emp',
        at: '2026-12-08T08:00:00.000Z',
      },
    ]);
    expect(first[0]?.payload).toEqual({ agreementId: 'a1', due: '2026-12-10' });

    const afterUpcoming = nextAgreementItems(a, parties, s, new Date('2026-12-08T08:00:00Z'), 'upcoming');
    expect(brief(afterUpcoming)).toEqual([
      {
        key: 'agreement/a1/2026-12-10/followup1',
        kind: 'agreement.followup',
        to: 'emp',
        at: '2026-12-14T08:00:00.000Z',
      },
    ]);
    expect(afterUpcoming[0]?.payload).toEqual({ agreementId: 'a1', due: '2026-12-10', followup: 1 });

    // After the last reminder: nothing more, and never a notice to the coach that the date passed.
    expect(nextAgreementItems(a, parties, s, new Date('2026-12-14T08:00:00Z'), 'followup1')).toEqual([]);
    for (const now of ['2026-12-10T08:00:00Z', '2026-12-11T09:00:00Z', '2026-12-20T09:00:00Z'])
      expect(nextAgreementItems(a, parties, s, new Date(now)).map((i) => i.recipientId)).not.toContain('coach');
  });

  it('goes on to the follow-up when the agreement is made too close to its date for a "coming up" reminder', () => {
    const items = nextAgreementItems(agreement('2026-12-10'), parties, s, new Date('2026-12-09T12:00:00Z'));
    expect(items.map((i) => i.kind)).toEqual(['agreement.followup']);
  });

  it('plans under a new key when the due date moves, and nothing for a closed agreement', () => {
    const moved = nextAgreementItems(agreement('2026-12-17'), parties, s, new Date('2026-12-11T09:00:00Z'));
    expect(moved.map((i) => i.key)).toEqual(['agreement/a1/2026-12-17/upcoming']);
    expect(
      nextAgreementItems(agreement('2026-12-10', { status: 'done' }), parties, s, new Date('2026-12-01T08:00:00Z')),
    ).toEqual([]);
  });

  it('sends the current step when a snooze ends, under a key naming the snooze', () => {
    const snoozed = agreement('2026-12-10', { remindAfter: new Date('2026-12-15T08:00:00Z') });
    const items = brief(nextAgreementItems(snoozed, parties, s, new Date('2026-12-14T09:00:00Z')));
    expect(items).toEqual([
      {
        key: 'agreement/a1/2026-12-10/followup1@2026-12-15T08:00:00.000Z',
        kind: 'agreement.followup',
        to: 'emp',
        at: '2026-12-15T08:00:00.000Z',
      },
    ]);
  });

  it('knows which step a delivered item was', () => {
    const step = (kind: string, payload: Record<string, unknown>) => {
      const nudge = parseAgreementNudge(kind, payload);
      return nudge ? deliveredStep(nudge) : undefined;
    };
    const planned = { agreementId: 'a1', due: '2026-12-10' };
    expect(step('agreement.upcoming', planned)).toBe('upcoming');
    expect(step('agreement.followup', { ...planned, followup: 2 })).toBe('followup2');
    expect(step('agreement.overdue', { ...planned, owner: 'employee' })).toBeUndefined();
    expect(step('digest', { sessionId: 't1#1' })).toBeUndefined();
    // A payload its kind's schema refuses plans nothing after it.
    expect(step('agreement.followup', { agreementId: 'a1' })).toBeUndefined();
  });
});
