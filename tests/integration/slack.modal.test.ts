/**
 * The modal submit when the engine is slower than Slack's 3 seconds allow: the modal is closed at once and the
 * outcome (the form again with its errors, or the confirmation) arrives in the DM. A deadline of 0 ms stands in for a
 * slow database: the engine's first round trip to MongoDB always comes after a 0 ms timer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackServer, TEAM, type SlackServer } from '../support/slack.server.js';
import { SlackUser } from '../support/slack.user.js';

describe('a modal submit that outlives the acknowledgement deadline', () => {
  let s: SlackServer;
  let sam: SlackUser;
  beforeAll(async () => {
    s = await startSlackServer({}, { submitDeadlineMs: 0, start: '2026-12-01T08:00:00Z' });
    s.api.user({ id: 'U0SAM', name: 'Sam', tz: 'Europe/Amsterdam', locale: 'en-GB' });
    const defaults = {
      locale: 'en' as const,
      timeZone: 'Europe/Amsterdam',
      workingHours: { start: '09:00', end: '17:30', days: [1, 2, 3, 4, 5] },
    };
    const samP = await s.app.store.people.upsertByIdentity(
      { channel: 'slack', tenantId: TEAM, userId: 'U0SAM' },
      { displayName: 'Sam' },
      defaults,
    );
    const robinP = await s.app.store.people.upsertByIdentity(
      { channel: 'slack', tenantId: TEAM, userId: 'U0ROBIN' },
      { displayName: 'Robin' },
      defaults,
    );
    await s.app.store.trajectories.insert({
      id: 'traj-1',
      employeeId: samP.id,
      coachId: robinP.id,
      proposedBy: 'employee',
      goal: 'Present with confidence',
      cadenceDays: 14,
      durationMinutes: 60,
      status: 'active',
      createdAt: s.clock.now(),
      revision: 0,
    });
    sam = new SlackUser(s, 'U0SAM');
  });
  afterAll(() => s.close());

  it('closes the modal at once and answers in the DM, errors included, with a button to open the form again', async () => {
    (await sam.send('agreements')).expectReply(/agreements/i);
    (await sam.press('Use the form')).expectReply(/New agreement/);
    await sam.press(/^New agreement/);
    const modal = sam.openedModal();

    const late = await sam.submit(modal, { owner: 'employee', what: '', due: '2026-11-20' });
    expect(late).toEqual({ status: 200, body: undefined });
    sam.expectReply(
      (t) =>
        /a few fields need another look/.test(t) &&
        /What: /.test(t) &&
        /By when: /.test(t) &&
        /\[New agreement/.test(t),
    );

    // The form opens again from the DM and is saved this time.
    await sam.press(/^New agreement/);
    const again = sam.openedModal();
    expect(again.callback_id).toBe('form|agreement');
    const saved = await sam.submit(again, { owner: 'employee', what: 'Ask for feedback', due: '2026-12-09' });
    expect(saved).toEqual({ status: 200, body: undefined });
    sam.expectReply(/Agreed: you will take on “Ask for feedback” by Wednesday 9 December 2026\./);
    expect((await s.app.store.agreements.listForTrajectory('traj-1')).map((a) => a.what)).toEqual(['Ask for feedback']);
  });

  it('answers a garbled modal submit kindly and changes nothing', async () => {
    const before = sam.posts().length;
    const res = await sam.submit(
      { type: 'modal', callback_id: 'form|agreement', private_metadata: 'not json', blocks: [] },
      {},
    );
    expect(res.status).toBe(200);
    expect(
      sam
        .texts()
        .slice(before)
        .some((t) => /earlier message/.test(t)),
    ).toBe(true);
    expect(await s.app.store.agreements.listForTrajectory('traj-1')).toHaveLength(1);
  });
});
