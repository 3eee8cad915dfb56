/**
 * Many turns for one person at once: each is decided, committed with a compare-and-set on the dialog revision and
 * only then acted on; losers reload and redo. None may be lost, none doubled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import { createHarness, type Harness } from '../support/scripted-client.js';
import { startTrajectory } from '../support/journeys.js';

describe('concurrent turns for one person', () => {
  let h: Harness;
  let trajectoryId: string;
  beforeAll(async () => {
    h = await createHarness({ start: '2026-12-01T08:00:00Z', label: 'concurrency' });
    trajectoryId = await startTrajectory(
      h,
      h.user('sam', { displayName: 'Sam' }),
      h.user('robin', { displayName: 'Robin', email: 'robin@example.com' }),
    );
  });
  afterAll(() => h.close());

  it('keeps every one of 30 simultaneous answers exactly once', async () => {
    const sam = h.user('sam');
    await sam
      .send('prepare')
      .press('Skip') // the goal
      .press('Skip') // the first conversation's intake: four questions
      .press('Skip')
      .press('Skip')
      .press('Skip')
      .press('Skip') // the travel report
      .expectReply(/What has gone well for you lately/);
    const person = await sam.person();
    const before = await h.app.store.dialogs.load(person.id);
    const texts = Array.from({ length: 30 }, (_, i) => `Success number ${i + 1}`);
    const outcomes = await Promise.all(
      texts.map((text) => h.app.engine.receive({ from: sam.identity, body: { type: 'text', text } })),
    );
    expect(outcomes.map((o) => o.status)).toEqual(texts.map(() => 'replied'));
    for (const o of outcomes)
      if (o.status === 'replied') expect(o.replies.map(renderPlainText).join('\n')).toMatch(/Noted/);
    const [session] = await h.app.store.sessions.listForTrajectory(trajectoryId);
    expect([...session!.preparation.successes].sort()).toEqual([...texts].sort());
    const after = await h.app.store.dialogs.load(person.id);
    expect(after.revision - before.revision).toBe(30);
    expect(after.pending).toEqual([]);
  });

  it('redoes a turn whose early read went stale (read while its event was stored): none lost, none doubled', async () => {
    const sam = h.user('sam');
    const person = await sam.person();
    const before = await h.app.store.dialogs.load(person.id);
    const texts = Array.from({ length: 10 }, (_, i) => `Early success ${i + 1}`);
    const events = texts.map((text, i) => ({
      eventId: `early-${i}`,
      from: sam.identity,
      body: { type: 'text' as const, text },
    }));
    // Every read starts before any turn runs, so all but the first turn's read are stale when used.
    const early = events.map((event) => h.app.engine.arriveEarly(event));
    for (const e of early) await e.found;
    const outcomes = await Promise.all(
      events.map((event, i) => h.app.engine.receive(event, { early: Promise.resolve(early[i]!) })),
    );
    expect(outcomes.map((o) => o.status)).toEqual(texts.map(() => 'replied'));
    const [session] = await h.app.store.sessions.listForTrajectory(trajectoryId);
    for (const text of texts) expect(session!.preparation.successes.filter((s) => s === text)).toHaveLength(1);
    const after = await h.app.store.dialogs.load(person.id);
    expect(after.revision - before.revision).toBe(10);

    // An early read for another event is not used for this one: the turn reads for itself.
    const other = h.app.engine.arriveEarly({
      eventId: 'someone-else',
      from: h.user('robin').identity,
      body: events[0]!.body,
    });
    const own = await h.app.engine.receive(
      { eventId: 'early-own', from: sam.identity, body: { type: 'text', text: 'Early success own' } },
      { early: Promise.resolve(other) },
    );
    expect(own.status).toBe('replied');
    const [again] = await h.app.store.sessions.listForTrajectory(trajectoryId);
    expect(again!.preparation.successes).toContain('Early success own');
  });

  it('creates exactly one agreement per simultaneous form submit, each with one history entry', async () => {
    const sam = h.user('sam');
    await sam.send('cancel');
    const whats = Array.from({ length: 25 }, (_, i) => `Agreement ${i + 1}`);
    const outcomes = await Promise.all(
      whats.map((what) =>
        h.app.engine.receive({
          from: sam.identity,
          body: {
            type: 'action',
            action: 'form:agreement',
            value: `${trajectoryId}|`,
            values: { owner: 'employee', what, due: '2026-12-18' },
          },
        }),
      ),
    );
    expect(outcomes.every((o) => o.status === 'replied')).toBe(true);
    // Each is asked how feasible it is (tip 4) as a message: the dialog keeps the open questions, nothing else.
    for (const o of outcomes)
      if (o.status === 'replied') expect(o.replies.map(renderPlainText).join('\n')).toMatch(/How feasible is this by/);
    const agreements = await h.app.store.agreements.listForTrajectory(trajectoryId);
    expect(agreements.map((a) => a.what).sort()).toEqual([...whats].sort());
    expect(agreements.every((a) => a.history.length === 1 && a.status === 'open')).toBe(true);
  });

  it('finishes the effects of a turn that committed but crashed before acting', async () => {
    const sam = h.user('sam');
    const person = await sam.person();
    const state = await h.app.store.dialogs.load(person.id);
    // A committed turn whose effect (an agreement) was never applied: as if the process died right after the save.
    const crashed = {
      ...state,
      revision: state.revision + 1,
      pending: [
        {
          id: `${person.id}:${state.revision + 1}:e0`,
          effect: {
            type: 'agreement.create' as const,
            byId: person.id,
            agreement: {
              id: `${person.id}:${state.revision + 1}:agreement`,
              trajectoryId,
              owner: 'employee' as const,
              what: 'Recovered agreement',
              due: '2026-12-20',
              status: 'open' as const,
              proposedBy: 'employee' as const,
            },
          },
        },
      ],
    };
    expect(await h.app.store.dialogs.save(crashed, state.revision)).toBe(true);
    await sam.send('help').expectReply(/what I can do/);
    await sam.send('help');
    const recovered = (await h.app.store.agreements.listForTrajectory(trajectoryId)).filter(
      (a) => a.what === 'Recovered agreement',
    );
    expect(recovered).toHaveLength(1);
    expect((await h.app.store.dialogs.load(person.id)).pending).toEqual([]);
  });
});
