/**
 * The planner and the dispatcher together over a moved clock: lifecycle events plan outbox items, and running the
 * clock forward delivers each at the right local time in two time zones, across DST changes, held back by pauses,
 * merged when due together, and cancelled or re-planned when things change.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Person } from '../../src/coaching/model.js';
import type { Dispatcher } from '../../src/scheduler/index.js';
import { createDispatcher } from '../../src/scheduling.js';
import { createHarness, type Harness } from '../support/scripted-client.js';
import {
  FakeMessenger,
  FakeResumer,
  seedAgreement,
  seedPerson,
  seedSession,
  seedTrajectory,
} from '../support/scheduler-fakes.js';

let h: Harness;
let app: App;
let messenger: FakeMessenger;
let dispatcher: Dispatcher;
let run = 0;

interface Delivered {
  readonly kind: string;
  readonly to: string;
  readonly at: string;
}

/** Moves the clock from pending item to pending item up to `until`, ticking at each; returns what was sent. */
async function runUntil(until: string): Promise<Delivered[]> {
  const end = new Date(until);
  for (let guard = 0; guard < 200; guard++) {
    const next = await app.store.outbox.nextPending(h.clock.now());
    if (!next || next.dueAt > end) break;
    if (next.dueAt > h.clock.now()) h.clock.set(next.dueAt);
    await dispatcher.tick();
  }
  if (end > h.clock.now()) h.clock.set(end);
  const sent = messenger.sent.splice(0);
  // Sends at the same moment go out concurrently: order them by time, then recipient, then kind.
  return sent
    .flatMap((s) =>
      s.replies.map((r) => ({ kind: r.text.split(' ')[0] ?? '', to: s.target.userId, at: s.at?.toISOString() ?? '' })),
    )
    .sort((a, b) => a.at.localeCompare(b.at) || a.to.localeCompare(b.to) || a.kind.localeCompare(b.kind));
}

async function pair(
  tag: string,
  employeeZone: string,
  coachZone: string,
): Promise<{ employee: Person; coach: Person; trajectoryId: string; e: string; c: string }> {
  const e = `emp-${tag}-${run}`;
  const c = `coach-${tag}-${run}`;
  const employee = await seedPerson(app, { userId: e, timeZone: employeeZone });
  const coach = await seedPerson(app, { userId: c, timeZone: coachZone });
  const trajectoryId = `t-${tag}-${run}`;
  await seedTrajectory(app, trajectoryId, employee, coach);
  return { employee, coach, trajectoryId, e, c };
}

beforeAll(async () => {
  h = await createHarness({ label: 'sched_plan', start: '2026-12-01T08:00:00Z' });
  app = h.app;
});
afterAll(() => h.close());
beforeEach(async () => {
  run++;
  await h.models.outbox.deleteMany({});
  messenger = new FakeMessenger('web', h.clock);
  dispatcher = createDispatcher(app, [messenger], { instanceId: `planner-${run}`, resumer: new FakeResumer() });
});

describe('a session, planned and delivered', () => {
  it('invites, reminds, follows up and asks for the next date at each person’s local time (Amsterdam and New York)', async () => {
    h.clock.set('2026-12-01T08:00:00Z');
    const { trajectoryId, e, c } = await pair('week', 'Europe/Amsterdam', 'America/New_York');
    await seedSession(app, trajectoryId, 1, '2026-12-07T09:00:00Z'); // Monday 10:00 Amsterdam, 04:00 New York
    await app.planner.emit({ type: 'session.scheduled', sessionId: `${trajectoryId}#1` });
    expect(await runUntil('2026-12-09T00:00:00Z')).toEqual([
      { kind: 'prep.invite', to: e, at: '2026-12-03T08:00:00.000Z' }, // Thursday 09:00 CET
      { kind: 'prep.reminder', to: e, at: '2026-12-04T08:00:00.000Z' }, // Friday 09:00 CET
      { kind: 'session.followup', to: e, at: '2026-12-07T10:15:00.000Z' }, // end + 15 min
      { kind: 'session.followup', to: c, at: '2026-12-07T14:00:00.000Z' }, // 09:00 EST: not at 05:15
      { kind: 'next.reminder', to: e, at: '2026-12-08T08:00:00.000Z' },
      { kind: 'next.reminder', to: c, at: '2026-12-08T14:00:00.000Z' },
    ]);
    expect(await app.store.outbox.pending()).toEqual([]);
  });

  it('keeps 09:00 local across the Amsterdam DST change (2026-10-25) while New York is still on summer time', async () => {
    h.clock.set('2026-10-19T08:00:00Z');
    const { trajectoryId, e, c } = await pair('ams-dst', 'Europe/Amsterdam', 'America/New_York');
    await seedSession(app, trajectoryId, 1, '2026-10-27T14:00:00Z'); // Tuesday 15:00 CET, 10:00 EDT
    await app.planner.emit({ type: 'session.scheduled', sessionId: `${trajectoryId}#1` });
    expect(await runUntil('2026-10-29T00:00:00Z')).toEqual([
      { kind: 'prep.invite', to: e, at: '2026-10-23T07:00:00.000Z' }, // Friday 09:00 CEST
      { kind: 'prep.reminder', to: e, at: '2026-10-26T08:00:00.000Z' }, // Monday 09:00 CET
      { kind: 'session.followup', to: c, at: '2026-10-27T15:15:00.000Z' }, // 11:15 EDT
      { kind: 'session.followup', to: e, at: '2026-10-27T15:15:00.000Z' },
      { kind: 'next.reminder', to: e, at: '2026-10-28T08:00:00.000Z' },
      { kind: 'next.reminder', to: c, at: '2026-10-28T13:00:00.000Z' }, // 09:00 EDT
    ]);
  });

  it('keeps 09:00 local across the New York DST change (2027-03-14)', async () => {
    h.clock.set('2027-03-08T12:00:00Z');
    const { trajectoryId, e } = await pair('ny-dst', 'America/New_York', 'Europe/Amsterdam');
    await seedSession(app, trajectoryId, 1, '2027-03-16T14:00:00Z'); // Tuesday 10:00 EDT
    await app.planner.emit({ type: 'session.scheduled', sessionId: `${trajectoryId}#1` });
    const sent = await runUntil('2027-03-16T00:00:00Z');
    expect(sent).toEqual([
      { kind: 'prep.invite', to: e, at: '2027-03-12T14:00:00.000Z' }, // Friday 09:00 EST
      { kind: 'prep.reminder', to: e, at: '2027-03-15T13:00:00.000Z' }, // Monday 09:00 EDT
    ]);
  });

  it('sends the digest to the coach at once when preparation is finished, even on a Saturday, and the final digest an hour before', async () => {
    h.clock.set('2026-12-01T08:00:00Z');
    const { trajectoryId, c } = await pair('digest', 'Europe/Amsterdam', 'Europe/Amsterdam');
    const session = await seedSession(app, trajectoryId, 1, '2026-12-07T09:00:00Z');
    await app.planner.emit({ type: 'session.scheduled', sessionId: session.id });
    await runUntil('2026-12-03T12:00:00Z'); // the invitation went out on Thursday
    h.clock.set('2026-12-05T11:00:00Z'); // Saturday noon
    const saved = await app.store.sessions.savePreparation(
      session.id,
      session.revision,
      { ...session.preparation, completedAt: h.clock.now() },
      'prepared',
    );
    expect(saved).not.toBeNull();
    await app.planner.emit({ type: 'preparation.finished', sessionId: session.id });
    expect((await app.store.outbox.pending()).map((p) => p.kind).sort()).toEqual([
      'digest',
      'digest.final',
      'next.reminder',
      'next.reminder',
      'session.followup',
      'session.followup',
    ]);
    expect(await runUntil('2026-12-07T08:30:00Z')).toEqual([
      { kind: 'digest', to: c, at: '2026-12-05T11:00:00.000Z' }, // urgent: not held until Monday
      { kind: 'digest.final', to: c, at: '2026-12-07T08:00:00.000Z' }, // 09:00, an hour before 10:00
    ]);
  });

  it('holds an invitation while the employee is paused, and merges it with the reminder that falls due with it', async () => {
    h.clock.set('2026-12-01T08:00:00Z');
    const { employee, trajectoryId, e } = await pair('pause', 'Europe/Amsterdam', 'Europe/Amsterdam');
    await seedSession(app, trajectoryId, 1, '2026-12-07T09:00:00Z');
    await app.planner.emit({ type: 'session.scheduled', sessionId: `${trajectoryId}#1` });
    await app.store.people.update(employee.id, { pausedUntil: '2026-12-03' }); // paused after planning: the dispatcher holds it
    const sent = await runUntil('2026-12-05T00:00:00Z');
    expect(sent).toEqual([
      { kind: 'prep.invite', to: e, at: '2026-12-04T08:00:00.000Z' },
      { kind: 'prep.reminder', to: e, at: '2026-12-04T08:00:00.000Z' },
    ]);
    const log = await app.store.outbox.deliveriesFor(employee.id);
    expect(new Set(log.map((l) => l.messageId)).size).toBe(1); // one message for both
  });

  it('re-plans under new keys when the session moves, and cancels everything when it is cancelled', async () => {
    h.clock.set('2026-12-01T08:00:00Z');
    const { trajectoryId } = await pair('move', 'Europe/Amsterdam', 'Europe/Amsterdam');
    const session = await seedSession(app, trajectoryId, 1, '2026-12-07T09:00:00Z');
    await app.planner.emit({ type: 'session.scheduled', sessionId: session.id });
    await app.planner.emit({ type: 'session.scheduled', sessionId: session.id }); // planning twice changes nothing
    const before = await app.store.outbox.pending();
    expect(before).toHaveLength(6);
    await app.store.sessions.transition(session.id, ['scheduled'], 'scheduled', {
      startsAt: new Date('2026-12-09T09:00:00Z'),
    });
    await app.planner.emit({ type: 'session.rescheduled', sessionId: session.id });
    const after = await app.store.outbox.pending();
    expect(after).toHaveLength(6);
    expect(after.every((p) => p.key.includes('2026-12-09T09:00:00.000Z'))).toBe(true);
    expect(after.find((p) => p.kind === 'prep.invite')?.dueAt.toISOString()).toBe('2026-12-07T08:00:00.000Z'); // Monday, 2 working days before Wednesday

    await app.planner.emit({ type: 'next.planned', sessionId: session.id });
    expect((await app.store.outbox.pending()).filter((p) => p.kind === 'next.reminder')).toEqual([]);
    await app.planner.emit({ type: 'session.cancelled', sessionId: session.id });
    expect(await app.store.outbox.pending()).toEqual([]);
  });
});

describe('an agreement, one message at a time', () => {
  it('reminds the owner twice, before and after the due date, never the other person, and stops when it is done', async () => {
    h.clock.set('2026-12-01T08:00:00Z');
    const { trajectoryId, e, c } = await pair('agr', 'Europe/Amsterdam', 'America/New_York');
    const agreement = await seedAgreement(app, `a-${run}`, trajectoryId, '2026-12-10'); // Thursday
    await app.planner.emit({ type: 'agreement.created', agreementId: agreement.id });
    const pending = await app.store.outbox.pending();
    expect(pending.map((p) => [p.kind, p.dueAt.toISOString()])).toEqual([
      ['agreement.upcoming', '2026-12-08T08:00:00.000Z'],
    ]); // only the next one

    // Nothing on the due day, nothing to the coach (New York) once the date has passed.
    expect(await runUntil('2026-12-12T00:00:00Z')).toEqual([
      { kind: 'agreement.upcoming', to: e, at: '2026-12-08T08:00:00.000Z' },
    ]);
    expect((await app.store.outbox.pending()).map((p) => [p.kind, p.dueAt.toISOString()])).toEqual([
      ['agreement.followup', '2026-12-14T08:00:00.000Z'],
    ]);
    expect(await runUntil('2026-12-15T00:00:00Z')).toEqual([
      { kind: 'agreement.followup', to: e, at: '2026-12-14T08:00:00.000Z' },
    ]);
    expect(await app.store.outbox.pending()).toEqual([]); // two reminders, then the coach's next digest asks
    expect(c).not.toBe(e);

    await app.store.agreements.change(
      agreement.id,
      ['open'],
      { status: 'done' },
      { id: `done-${run}`, at: h.clock.now(), by: 'x', change: 'done' },
    );
    await app.planner.emit({ type: 'agreement.changed', agreementId: agreement.id });
    expect(await app.store.outbox.pending()).toEqual([]);
    expect(await runUntil('2027-01-15T00:00:00Z')).toEqual([]);
  });

  it('re-plans from a new due date, and sends a snoozed nudge when the snooze ends', async () => {
    h.clock.set('2026-12-10T09:00:00Z');
    const { trajectoryId, e } = await pair('snooze', 'Europe/Amsterdam', 'Europe/Amsterdam');
    const agreement = await seedAgreement(app, `b-${run}`, trajectoryId, '2026-12-10');
    await app.planner.emit({ type: 'agreement.created', agreementId: agreement.id });
    expect((await app.store.outbox.pending()).map((p) => p.key).sort()).toEqual([
      `agreement/${agreement.id}/2026-12-10/followup1`,
    ]);

    await app.store.agreements.change(
      agreement.id,
      ['open'],
      { remindAfter: new Date('2026-12-14T12:00:00Z') },
      { id: `snooze-${run}`, at: h.clock.now(), by: 'x', change: 'snoozed' },
    );
    await app.planner.emit({ type: 'agreement.changed', agreementId: agreement.id });
    const snoozed = await app.store.outbox.pending();
    expect(snoozed.map((p) => [p.kind, p.dueAt.toISOString()]).sort()).toEqual([
      ['agreement.followup', '2026-12-14T12:00:00.000Z'],
    ]);

    await app.store.agreements.change(
      agreement.id,
      ['open'],
      { due: '2026-12-18' },
      { id: `move-${run}`, at: h.clock.now(), by: 'x', change: 'rescheduled' },
    );
    await app.planner.emit({ type: 'agreement.changed', agreementId: agreement.id });
    // The snooze (14 Dec) ends before anything of the new sequence is due, so the sequence starts as usual.
    expect((await app.store.outbox.pending()).map((p) => p.key)).toEqual([
      `agreement/${agreement.id}/2026-12-18/upcoming`,
    ]);
    expect((await runUntil('2026-12-19T00:00:00Z')).map((d) => [d.kind, d.to, d.at])).toEqual([
      ['agreement.upcoming', e, '2026-12-16T08:00:00.000Z'],
    ]);
  });
});
