/**
 * The scheduler with the real engine as its Resumer: the coaching domain renders each scheduled item at delivery
 * time, a person acts on a nudge like on any other message, and what no longer applies is cancelled or stays quiet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Button } from '../../src/core/reply.js';
import type { Dispatcher } from '../../src/scheduler/index.js';
import { createDispatcher } from '../../src/scheduling.js';
import { createHarness, type Harness } from '../support/scripted-client.js';
import { FakeMessenger, seedAgreement, seedPerson, seedSession, seedTrajectory } from '../support/scheduler-fakes.js';

let h: Harness;
let messenger: FakeMessenger;
let dispatcher: Dispatcher;

beforeAll(async () => {
  h = await createHarness({ label: 'sched_engine', start: '2026-12-01T08:00:00Z' });
  messenger = new FakeMessenger('web', h.clock);
  dispatcher = createDispatcher(h.app, [messenger], { instanceId: 'engine' });
});
afterAll(() => h.close());

const buttonsOf = (userId: string): Button[] =>
  messenger.sent
    .filter((s) => s.target.userId === userId)
    .flatMap((s) =>
      s.replies.flatMap((r) => (r.blocks ?? []).flatMap((b) => (b.kind === 'buttons' ? [...b.buttons] : []))),
    );

describe('scheduled messages rendered by the coaching domain', () => {
  it('reminds before the date with the exact agreement, not on the due day, and a press on Done cancels the rest and tells the coach', async () => {
    const { app, clock } = h;
    const ann = await seedPerson(app, { userId: 'ann', timeZone: 'Europe/Amsterdam' });
    const carl = await seedPerson(app, { userId: 'carl', timeZone: 'America/New_York' });
    await seedTrajectory(app, 't-eng', ann, carl);
    const agreement = await seedAgreement(app, 'a-eng', 't-eng', '2026-12-10', {
      what: 'Ask two colleagues for feedback on my slides',
    });
    await app.planner.emit({ type: 'agreement.created', agreementId: agreement.id });

    clock.set('2026-12-08T08:00:00Z'); // Tuesday 09:00 Amsterdam: "coming up"
    expect((await dispatcher.tick()).sent).toBe(1);
    clock.set('2026-12-10T08:00:00Z'); // Thursday 09:00: the due day, nothing to send
    expect((await dispatcher.tick()).claimed).toBe(0);
    const [upcoming] = messenger.textsTo('ann');
    expect(upcoming?.[0]).toContain('Coming up');
    expect(upcoming?.[0]).toContain('Ask two colleagues for feedback on my slides');
    expect(upcoming?.[0]).toContain('what do you still need');
    expect((await app.store.outbox.pending()).map((p) => [p.kind, p.recipientId])).toEqual([
      ['agreement.followup', ann.id],
    ]);

    const done = buttonsOf('ann').find((b) => b.action === 'agreement.done');
    expect(done).toBeDefined();
    await h.user('ann').pressButton(done as Button);

    // The follow-up is gone; the coach is told it is done (not urgent: his working hours).
    const left = await app.store.outbox.pending();
    expect(left.map((p) => [p.kind, p.recipientId])).toEqual([['agreement.done', carl.id]]);
    clock.set('2026-12-10T14:00:00Z'); // 09:00 in New York
    expect((await dispatcher.tick()).sent).toBe(1);
    expect(messenger.textsTo('carl')[0]?.[0]).toContain('Ask two colleagues for feedback on my slides');
    clock.set('2027-01-30T12:00:00Z');
    expect((await dispatcher.tick()).claimed).toBe(0);
  });

  it('a "coming up" held up past the date (scheduler down, clock jumped) asks how it is going, worded on delivery', async () => {
    const { app, clock } = h;
    clock.set('2026-12-01T08:00:00Z');
    const gus = await seedPerson(app, { userId: 'gus', timeZone: 'Europe/Amsterdam' });
    const hal = await seedPerson(app, { userId: 'hal' });
    await seedTrajectory(app, 't-late', gus, hal);
    const agreement = await seedAgreement(app, 'a-late', 't-late', '2026-12-10', {
      what: 'Let a colleague read my slides',
    });
    await app.planner.emit({ type: 'agreement.created', agreementId: agreement.id });
    // Planned for Tuesday 8 December; nobody delivered it until Monday 14 December, 09:00 in Amsterdam.
    clock.set('2026-12-14T08:00:00Z');
    expect((await dispatcher.tick()).sent).toBe(1);
    const [late] = messenger.textsTo('gus');
    expect(late?.[0]).toContain('A gentle check-in: how is your agreement “Let a colleague read my slides”');
    expect(late?.[0]).toContain('(by Thursday 10 December 2026)');
    expect(late?.[0]).not.toMatch(/Coming up|Today/);
  });

  it('logs an invitation as skipped when the session is already prepared', async () => {
    const { app, clock } = h;
    clock.set('2026-12-14T08:00:00Z');
    const eve = await seedPerson(app, { userId: 'eve' });
    const finn = await seedPerson(app, { userId: 'finn' });
    await seedTrajectory(app, 't-prep', eve, finn);
    const session = await seedSession(app, 't-prep', 1, '2026-12-21T09:00:00Z');
    await app.planner.emit({ type: 'session.scheduled', sessionId: session.id });
    const invite = (await app.store.outbox.pending({ recipientId: eve.id })).find((p) => p.kind === 'prep.invite');
    expect(invite).toBeDefined();
    // Prepared some other way before the invitation's time (without the lifecycle event that would cancel it).
    await app.store.sessions.savePreparation(
      session.id,
      session.revision,
      { ...session.preparation, completedAt: clock.now() },
      'prepared',
    );
    clock.set(invite?.dueAt ?? new Date());
    expect(await dispatcher.tick()).toMatchObject({ skipped: 1, sent: 0 });
    expect(await app.store.outbox.delivery(invite?.key ?? '')).toMatchObject({
      outcome: 'skipped',
      reason: 'nothing_to_say',
    });
    expect(messenger.textsTo('eve')).toEqual([]);
  });
});
