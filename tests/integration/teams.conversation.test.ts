/**
 * A whole preparation conversation through the Teams edge: both people are Teams users talking over /api/messages,
 * pressing card buttons (answered cards replaced in place), choosing the coach by e-mail (the Teams directory), and
 * receiving the scheduler's messages through the Teams messenger and the stored conversation references. Then the
 * coach reads the agenda, and an agreement form with a past date comes back in place with the error by the input.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatcher } from '../../src/scheduler/index.js';
import { createDispatcher } from '../../src/scheduling.js';
import { TeamsChat } from '../support/teams.chat.js';
import {
  cardActions,
  fakeConnector,
  shownText,
  startTeamsServer,
  teamsUser,
  type TeamsServer,
} from '../support/teams.server.js';

const HOST = 'https://smba.test';
const SERVICE = `${HOST}/emea/`;

describe('a preparation conversation through Teams', () => {
  let server: TeamsServer;
  let connector: ReturnType<typeof fakeConnector>;
  let dispatcher: Dispatcher;
  const samUser = teamsUser('sam');
  const robinUser = teamsUser('robin');

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1/);
    // Tuesday 1 December 2026, 09:00 in Amsterdam.
    server = await startTeamsServer();
    connector = fakeConnector(HOST, [samUser, robinUser]);
    dispatcher = createDispatcher(server.app, [server.handle.messenger], { instanceId: 'teams-test' });
  });
  afterAll(async () => {
    await dispatcher.stop();
    await server.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('runs from setup through preparation to the coach’s agenda, all over /api/messages', async () => {
    const sam = new TeamsChat(server, connector, samUser, SERVICE);
    const robin = new TeamsChat(server, connector, robinUser, SERVICE);

    // Robin has the app (so Sam can choose Robin by e-mail); the install greets once.
    await robin.install();
    robin.expect(/Here is what I can do for you/);

    // Setup: Sam chooses Robin by e-mail; choices are card buttons.
    (await sam.say('start')).expect(/goal you want to work towards/);
    (await sam.say('Become a confident presenter')).expect(/Who would you like as your coach/);
    (await sam.say('robin@example.com')).expect(/How often/);
    (await sam.press('every 14 days')).expect(/✓ every 14 days/).expect(/first conversation/);
    const cadencePress = sam.lastSubmit;
    (await sam.say('2026-12-10 14:00')).expect(/How long/);
    (await sam.press('60 min')).expect(/Shall I send the invitation/);
    (await sam.press('Send the invitation')).expect(/Invitation sent to Robin/);

    // The invitation reaches Robin proactively, through the conversation reference stored at install.
    await dispatcher.tick();
    robin.expect(/Sam Jansen would like you to be their coach/);
    (await robin.press('Accept'))
      .expect(/✓ Accept/)
      .expect(/you are now coaching Sam Jansen.*Thursday 10 December 2026 at 14:00/);
    await dispatcher.tick();
    sam.expect(/Robin Jansen said yes/);

    // Preparation.
    (await sam.say('prepare'))
      .expect(/Let's prepare your first conversation with Robin Jansen/)
      .expect(/What would you like to get out of coaching with Robin Jansen/);
    // The first conversation's intake: four questions, each skippable.
    (await sam.say('Plan my next steps for the team demo')).expect(/How do you learn best/);
    (await sam.say('By doing')).expect(/good challenge/);
    (await sam.press('Skip')).expect(/realistic first step/);
    (await sam.press('Skip')).expect(/keep each other informed/);
    (await sam.press('Skip')).expect(/travel report/);
    (
      await sam.say(
        'I gave two short demos. The second one went much smoother. I noticed I rush the intro. So I learned that practice helps.',
      )
    ).expect(/If I summarise/);
    (await sam.say('That practising out loud really helps')).expect(/What has gone well for you lately/);
    (await sam.say('Second demo went smoothly\nColleagues asked good questions')).expect(/What else went well/);
    (await sam.press("That's all")).expect(/What could go even better/);
    (await sam.say('Slower intro\nHandling tough questions\nShorter slides')).expect(/What else could go even better/);
    (await sam.press("That's all")).expect(/Which matters most to you/);
    (await sam.say('2 1 3')).expect(/Where would you like support from Robin Jansen/);
    (await sam.say('Feedback on my slides')).expect(/What else could Robin Jansen support you with/);
    (await sam.press("That's all")).expect(/Which topics would you like/);
    (await sam.press('Use these as topics')).expect(/Which other topic/);
    (await sam.press("That's all")).expect(/In which order would you like to discuss/);
    (await sam.press('Keep this order')).expect(/How much of it would you like/);
    (await sam.press('45 min')).expect(/Your preparation for Thursday 10 December 2026 at 14:00/);
    (await sam.press('Send to Robin Jansen')).expect(/Sent to Robin Jansen/);

    // A press on a card that was already answered (a second client still showing it) is answered kindly and
    // changes nothing.
    if (!cadencePress) throw new Error('no cadence press recorded');
    (await sam.pressAgain(cadencePress)).expect(/That button belongs to an earlier message/);

    // The coach's agenda, as an Adaptive Card.
    (await robin.say('agenda')).expect(
      (text) =>
        /Agenda for your conversation with Sam Jansen/.test(text) &&
        /Plan my next steps for the team demo/.test(text) &&
        /Feedback on my slides/.test(text),
    );

    // Every card Sam pressed was replaced in place by its answered version: no card on screen still offers a
    // button that was already pressed.
    const pressedCards = connector.updates().filter((u) => u.path.includes(samUser.conversation));
    expect(pressedCards.length).toBeGreaterThanOrEqual(12);
    for (const update of pressedCards) expect(cardActions(update.body)).toEqual([]);

    // The stored preparation holds what was said in Teams.
    const samId = await personId(server, samUser);
    const [trajectory] = await server.app.store.trajectories.listForPerson(samId ?? '');
    expect(trajectory).toMatchObject({
      goal: 'Become a confident presenter',
      status: 'active',
      cadenceDays: 14,
      durationMinutes: 60,
      coachId: await personId(server, robinUser),
    });
    const [session] = await server.app.store.sessions.listForTrajectory(trajectory?.id ?? '');
    expect(session?.status).toBe('prepared');
    expect(session?.startsAt.toISOString()).toBe('2026-12-10T13:00:00.000Z');
    expect(session?.preparation).toMatchObject({
      goal: 'Plan my next steps for the team demo',
      successes: ['Second demo went smoothly', 'Colleagues asked good questions'],
      improvements: ['Handling tough questions', 'Slower intro', 'Shorter slides'],
      support: ['Feedback on my slides'],
      desiredMinutes: 45,
    });
  });

  it('shows an agreement form’s errors next to the inputs in place, then saves it', async () => {
    const sam = new TeamsChat(server, connector, samUser, SERVICE).catchUp();

    await sam.say('agreements');
    (await sam.press('Use the form')).expect(/New agreement: who does what by when/);
    const updatesBefore = connector.updates().length;
    await sam.submit({ owner: 'employee', what: 'Rehearse the intro with a timer', due: '2026-11-01' });

    const updates = connector.updates().slice(updatesBefore);
    expect(updates).toHaveLength(1);
    const fixed = updates[0]?.body ?? {};
    expect(shownText(fixed)).toMatch(/Almost there/);
    const body = JSON.stringify(fixed);
    // The error sits right after the date input, and what was typed is kept.
    expect(body).toMatch(/"id":"in_due"[^}]*"errorMessage":"That moment has already passed/);
    expect(body).toMatch(/Rehearse the intro with a timer/);
    expect(cardActions(fixed).map((a) => a.title)).toEqual(['Save']);

    await sam.submit({ owner: 'employee', what: 'Rehearse the intro with a timer', due: '2026-12-11' });
    sam.expect(/✓ Save/);
    const agreements = await server.app.store.agreements.listForTrajectory(
      (await server.app.store.trajectories.listForPerson((await personId(server, samUser)) ?? ''))[0]?.id ?? '',
    );
    expect(agreements.map((a) => ({ what: a.what, due: a.due, owner: a.owner }))).toEqual([
      { what: 'Rehearse the intro with a timer', due: '2026-12-11', owner: 'employee' },
    ]);
  });
});

async function personId(server: TeamsServer, user: ReturnType<typeof teamsUser>): Promise<string | undefined> {
  return (await server.app.store.people.findByIdentity({ channel: 'teams', tenantId: user.tenant, userId: user.aad }))
    ?.id;
}
