/**
 * What an employee writes is private to them and their coach. Someone from another trajectory who gets hold of ids
 * (from a forwarded button, a guessed id) reads nothing and changes nothing through any read or action path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import { createHarness, type Harness } from '../support/scripted-client.js';
import { snapshot, startTrajectory } from '../support/journeys.js';

describe('privacy between trajectories', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ start: '2026-12-01T08:00:00Z', label: 'privacy' });
  });
  afterAll(() => h.close());

  it('gives an outsider nothing of another trajectory', async () => {
    const sam = h.user('sam', { displayName: 'Sam' });
    const robin = h.user('robin', { displayName: 'Robin', email: 'robin@example.com' });
    const eve = h.user('eve', { displayName: 'Eve' });
    const mallory = h.user('mallory', { displayName: 'Mallory', email: 'mallory@example.com' });
    const trajectoryId = await startTrajectory(h, sam, robin, { goal: 'SECRET-GOAL handle my burnout' });
    await startTrajectory(h, eve, mallory, { goal: 'Eve learns to delegate' });

    await sam.send('prepare').send('SECRET-PREP talk about my health').press('Skip').press('Skip').press('Skip');
    const [session] = await h.app.store.sessions.listForTrajectory(trajectoryId);
    // A draft is the employee's own: the coach sees it only once it is sent.
    await robin
      .send('agenda')
      .expectReply(/hasn’t prepared yet/)
      .expectNoReply(/SECRET-PREP/);
    for (
      let i = 0;
      i < 20 &&
      !(await sam.last()).blocks?.some(
        (b) => b.kind === 'buttons' && b.buttons.some((x) => x.label === 'Send to Robin'),
      );
      i++
    )
      await sam.press('Skip');
    await sam.press('Send to Robin').expectReply(/Sent to Robin/);
    await robin.send('agenda').expectReply(/SECRET-PREP/); // the coach does see it once sent

    // An agreement in Sam's trajectory, to aim at.
    h.clock.set('2026-12-10T14:20:00Z');
    await h.deliverDue();
    await sam
      .press('Yes, it took place')
      .press('Add an agreement') // Sam's own solution first: no "who" question
      .send('SECRET-AGREEMENT see a doctor')
      .send('Friday')
      .press('Yes');
    const [agreement] = await h.app.store.agreements.listForTrajectory(trajectoryId);
    expect(agreement?.what).toBe('SECRET-AGREEMENT see a doctor');

    const before = await snapshot(h, mallory);
    const attempts: [string, string][] = [
      ['digest.show', session!.id],
      ['prep.start', session!.id],
      ['after.start', session!.id],
      ['session.held', session!.id],
      ['session.move', session!.id],
      ['session.cancel', session!.id],
      ['session.plan', session!.id],
      ['trajectory.accept', trajectoryId],
      ['agreement.add', trajectoryId],
      ['agreement.form', trajectoryId],
      ['agreement.done', agreement!.id],
      ['agreement.edit', agreement!.id],
      ['agreement.drop', agreement!.id],
      ['agreement.snooze', `${agreement!.id}|1`],
      ['agreement.note', agreement!.id],
      ['agreement.accept', agreement!.id],
    ];
    const seen: string[] = [];
    for (const [action, value] of attempts) {
      const outcome = await h.app.engine.receive({ from: mallory.identity, body: { type: 'action', action, value } });
      if (outcome.status !== 'replied') throw new Error(`${action}: ${outcome.status}`);
      seen.push(...outcome.replies.map(renderPlainText));
      expect(outcome.replies.map(renderPlainText).join('\n'), action).toMatch(
        /couldn't find that|invitation is for someone else|no upcoming conversation to prepare/,
      );
    }
    const form = await h.app.engine.receive({
      from: mallory.identity,
      body: {
        type: 'action',
        action: 'form:agreement',
        value: `${trajectoryId}|`,
        values: { owner: 'employee', what: 'injected', due: 'Friday' },
      },
    });
    if (form.status === 'replied') seen.push(...form.replies.map(renderPlainText));
    for (const command of ['agenda', 'agreements', 'history', 'next session', 'home', 'prepare']) {
      const outcome = await h.app.engine.receive({ from: mallory.identity, body: { type: 'text', text: command } });
      if (outcome.status === 'replied') seen.push(...outcome.replies.map(renderPlainText));
    }
    expect(seen.join('\n')).not.toMatch(/SECRET|Sam/);
    expect(await snapshot(h, mallory)).toBe(before);
    expect((await h.app.store.agreements.get(agreement!.id))?.status).toBe('open');
    // Mallory's own view still works and shows only Eve.
    await mallory.send('agenda').expectReply(/Eve/);
    const dashboard = renderPlainText(await h.app.dashboard((await mallory.person()).id));
    expect(dashboard).toMatch(/Eve/);
    expect(dashboard).not.toMatch(/SECRET|Sam/);
  });
});
