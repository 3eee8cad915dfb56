/**
 * Whole conversations through the Slack edge: signed DMs, slash commands and button presses in; `chat.postMessage`,
 * `views.open` and `views.publish` out (nock'd); the real engine, store and dispatcher in between. Two people: Sam
 * (the employee) and Robin (the coach, chosen by mention), who never typed before being invited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatcher } from '../../src/scheduler/index.js';
import { createDispatcher } from '../../src/scheduling.js';
import { startSlackServer, TEAM, type SlackServer } from '../support/slack.server.js';
import { SlackUser, slackText } from '../support/slack.user.js';

describe('a coaching conversation on Slack', () => {
  let s: SlackServer;
  let dispatcher: Dispatcher;
  let sam: SlackUser;
  let robin: SlackUser;
  const deliver = async (): Promise<void> => {
    await dispatcher.tick();
  };

  beforeAll(async () => {
    // Tuesday 1 December 2026, 09:00 in Amsterdam.
    s = await startSlackServer({}, { start: '2026-12-01T08:00:00Z' });
    s.api.user({ id: 'U0SAM', name: 'Sam', email: 'sam@example.com', tz: 'Europe/Amsterdam', locale: 'en-GB' });
    s.api.user({ id: 'U0ROBIN', name: 'Robin', email: 'robin@example.com', tz: 'Europe/Amsterdam', locale: 'en-US' });
    dispatcher = createDispatcher(s.app, [s.handle.messenger], { instanceId: 'slack-test' });
    sam = new SlackUser(s, 'U0SAM');
    robin = new SlackUser(s, 'U0ROBIN');
  });
  afterAll(async () => {
    await dispatcher.stop();
    await s.close();
  });

  it('sets up a trajectory with a coach chosen by mention, who accepts from a proactive message', async () => {
    (await sam.send('start')).expectReply(/goal you want to work towards/);
    (await sam.send('Become a confident presenter')).expectReply(/Who would you like as your coach/);
    (await sam.send('<@U0ROBIN|robin>')).expectReply(/How often/);
    (await sam.press('every 14 days')).expectReply(/first conversation/);
    (await sam.send('2026-12-10')).expectReply(/At what time/);
    (await sam.send('2026-12-10 14:00')).expectReply(/How long/);
    (await sam.press('60 min')).expectReply(/Shall I send the invitation/);
    (await sam.press('Send the invitation')).expectReply(/Invitation sent to Robin/);

    // Robin never wrote to the bot: the invitation reaches them through the messenger (conversations.open + post).
    await deliver();
    expect(s.api.callsTo('conversations.open').some((c) => c.args.users === 'U0ROBIN')).toBe(true);
    robin.expectReply(/Sam would like you to be their coach/);
    (await robin.press('Accept')).expectReply(/you are now coaching Sam.*Thursday 10 December 2026 at 14:00/s);
    await deliver();
    sam.expectReply(/Robin said yes/);

    const robinPerson = await s.app.store.people.findByIdentity({
      channel: 'slack',
      tenantId: TEAM,
      userId: 'U0ROBIN',
    });
    expect(robinPerson).toMatchObject({
      displayName: 'Robin',
      email: 'robin@example.com',
      timeZone: 'Europe/Amsterdam',
    });
    expect(robinPerson?.identities[0]?.address).toEqual({ channelId: 'D-U0ROBIN' });
  });

  it('runs a whole preparation: slash command, DMs and buttons, and the coach reads the digest', async () => {
    (await sam.command('prepare'))
      .expectReply(/Let's prepare your first conversation with Robin/)
      .expectReply(/What would you like to get out of coaching with Robin/);
    // The first conversation's intake: four questions, each skippable.
    (await sam.send('Plan my next steps for the team demo')).expectReply(/How do you learn best/);
    (await sam.send('By doing')).expectReply(/good challenge/);
    (await sam.press('Skip')).expectReply(/realistic first step/);
    (await sam.press('Skip')).expectReply(/keep each other informed/);
    (await sam.press('Skip')).expectReply(/travel report/);
    (
      await sam.send(
        'I gave two short demos. The second one went much smoother. I noticed I rush the intro. So I learned that practice helps.',
      )
    ).expectReply(/If I summarise: what you did: “I gave two short demos/);
    (await sam.send('That practising out loud really helps')).expectReply(/What has gone well for you lately/);
    (await sam.send('Second demo went smoothly\nColleagues asked good questions')).expectReply(/What else went well/);
    (await sam.press("That's all")).expectReply(/What could go even better/);
    (await sam.send('Slower intro\nHandling tough questions')).expectReply(/What else could go even better/);
    (await sam.press("That's all")).expectReply(/Which matters most to you/);
    (await sam.send('2 1')).expectReply(/Where would you like support from Robin/);
    (await sam.send('Feedback on my slides')).expectReply(/What else could Robin support you with/);
    (await sam.press("That's all")).expectReply(/Which topics would you like/);
    (await sam.press('Use these as topics')).expectReply(/Which other topic/);
    (await sam.press("That's all")).expectReply(/In which order would you like to discuss/);
    (await sam.press('Keep this order')).expectReply(/How much of it would you like/);
    (await sam.press('45 min')).expectReply(/Your preparation for Thursday 10 December 2026 at 14:00/);
    (await sam.press('Send to Robin')).expectReply(/Sent to Robin/);

    const [trajectory] = await s.app.store.trajectories.listForPerson(
      (await s.app.store.people.findByIdentity({ channel: 'slack', tenantId: TEAM, userId: 'U0SAM' }))!.id,
    );
    const [session] = await s.app.store.sessions.listForTrajectory(trajectory!.id);
    expect(session?.status).toBe('prepared');
    expect(session?.preparation).toMatchObject({
      goal: 'Plan my next steps for the team demo',
      successes: ['Second demo went smoothly', 'Colleagues asked good questions'],
      improvements: ['Handling tough questions', 'Slower intro'],
      support: ['Feedback on my slides'],
      desiredMinutes: 45,
    });

    (await robin.command('agenda')).expectReply(
      (t) =>
        /Agenda for your conversation with Sam/.test(t) &&
        /Plan my next steps for the team demo/.test(t) &&
        /Feedback on my slides/.test(t),
    );
  });

  it('answers a button from an earlier message kindly and changes nothing', async () => {
    const before = await s.app.store.dialogs.load(
      (await s.app.store.people.findByIdentity({ channel: 'slack', tenantId: TEAM, userId: 'U0SAM' }))!.id,
    );
    (await sam.press('Keep this order')).expectReply(/earlier message/);
    const after = await s.app.store.dialogs.load(before.personId);
    expect({ flow: after.flow, step: after.step }).toEqual({ flow: before.flow, step: before.step });
  });

  it('records an agreement in a modal: inline errors first, then the correction', async () => {
    (await sam.send('agreements')).expectReply(/agreements/i);
    (await sam.press('Use the form')).expectReply(/New agreement/);
    await sam.press(/^New agreement/);
    const modal = sam.openedModal();
    expect(modal).toMatchObject({ type: 'modal', callback_id: 'form|agreement' });
    expect(modal.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(['owner', 'what', 'due']);

    const postsBefore = sam.posts().length;
    const invalid = await sam.submit(modal, { owner: 'employee', what: '   ', due: '2026-11-20' });
    expect(invalid.status).toBe(200);
    expect(invalid.body).toMatchObject({
      response_action: 'errors',
      errors: { what: expect.any(String), due: expect.any(String) },
    });
    expect(Object.keys((invalid.body as { errors: object }).errors).sort()).toEqual(['due', 'what']);
    expect(sam.posts()).toHaveLength(postsBefore);

    const valid = await sam.submit(modal, {
      owner: 'employee',
      what: 'Rehearse the intro with a timer',
      due: '2026-12-08',
    });
    expect(valid).toEqual({ status: 200, body: undefined });
    sam.expectReply(/Agreed: you will take on “Rehearse the intro with a timer” by Tuesday 8 December 2026\./);
    const samId = (await s.app.store.people.findByIdentity({ channel: 'slack', tenantId: TEAM, userId: 'U0SAM' }))!.id;
    const [trajectory] = await s.app.store.trajectories.listForPerson(samId);
    const agreements = await s.app.store.agreements.listForTrajectory(trajectory!.id);
    expect(agreements.map((a) => [a.owner, a.what, a.due, a.status])).toEqual([
      ['employee', 'Rehearse the intro with a timer', '2026-12-08', 'open'],
    ]);
  });

  it('publishes the App Home dashboard, and its buttons work and refresh it', async () => {
    const home = await sam.openHome();
    expect(home.type).toBe('home');
    const text = slackText('', home.blocks);
    expect(text).toMatch(/Hello Sam/);
    expect(text).toMatch(/Your coaching with Robin/);
    expect(text).toMatch(/Next conversation/);
    expect(text).toMatch(/ready ✓/);
    expect(text).toMatch(/Rehearse the intro with a timer/);

    const robinHome = slackText('', (await robin.openHome()).blocks);
    expect(robinHome).toMatch(/People you coach/);
    expect(robinHome).toMatch(/Sam/);

    const homesBefore = sam.homes().length;
    (await sam.press('Done', 'home')).expectReply(/Marked as done: “Rehearse the intro with a timer”/);
    expect(sam.homes().length).toBe(homesBefore + 1);
    expect(slackText('', sam.home().blocks)).not.toMatch(/Rehearse the intro with a timer/);
  });
});
