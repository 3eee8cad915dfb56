/**
 * Commands and settings typed in either language, the invite-code path, and keeping agreements: list, edit,
 * complete, drop, snooze and note — each change kept in the history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/scripted-client.js';
import { startTrajectory } from '../support/journeys.js';

describe('commands, settings and agreements', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ start: '2026-12-01T08:00:00Z', label: 'commands' });
  });
  afterAll(() => h.close());

  it('joins a trajectory with an invite code', async () => {
    const ada = h.user('ada', { displayName: 'Ada', locale: 'en' });
    const kees = h.user('kees', { displayName: 'Kees', locale: 'nl' });
    await ada
      .send('start')
      .send('Write better proposals')
      .press('Give me an invite code')
      .press('every 28 days')
      .send('2026-12-15 09:30')
      .press('45 min');
    await ada
      .press('Create the invite code')
      .expectReply(/Your invite code is \*[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\*/);
    const code = (await ada.last()).text.match(/\*([A-Z2-9-]{14})\*/)?.[1] ?? '';
    await ada.send('home').expectReply(/Waiting for an answer to the invitation for “Write better proposals”/);
    await kees.send('doe mee ZZZZZZ').expectReply(/herken de code ZZZZZZ niet/);
    await ada.send(`join ${code}`).expectReply(/your own invite code/);
    await kees.send(`doe mee ${code.toLowerCase()}`).expectReply(/je coacht nu Ada/);
    await h.deliverDue();
    await ada.expectReply(/Kees said yes/);
    const [trajectory] = await h.app.store.trajectories.listForPerson((await ada.person()).id);
    expect(trajectory).toMatchObject({ status: 'active', coachId: (await kees.person()).id });
    expect(trajectory?.inviteCode).toBeUndefined();
    // The coach's digest when nothing was prepared: said kindly, with opening questions instead.
    await kees
      .send('agenda')
      .expectReply(
        (_r, text) =>
          /Ada heeft nog niet voorbereid – dat is prima/.test(text) &&
          /Wat wil je vandaag uit ons gesprek halen\?/.test(text),
      );
  });

  it('changes settings in Dutch and English', async () => {
    const ada = h.user('ada');
    await ada
      .send('settings')
      .expectReply(
        (_r, text) => /Your settings/.test(text) && /Europe\/Amsterdam/.test(text) && /09:00–17:30/.test(text),
      );
    await ada.send('settings timezone Mars/Olympus').expectReply(/don’t recognise that time zone/);
    await ada.send('settings timezone America/New_York').expectReply(/Saved/);
    await ada.press('Working hours').expectReply(/What are your working hours/);
    await ada.send('8-16:30').expectReply(/08:00–16:30/);
    await ada
      .press('Quiet hours')
      .send('12:00-13:00')
      .expectReply(/12:00–13:00/);
    await ada
      .press('Working days')
      .send('mo tu we th')
      .expectReply(/Mon, Tue, Wed, Thu/);
    await ada
      .press('Pause')
      .send('2026-11-01')
      .expectReply(/Which date ahead/);
    await ada.send('2026-12-24').expectReply(/No reminders until Thursday 24 December 2026/);
    await ada.press('Resume now').expectReply(/reminders are on again/);
    await ada
      .press('Language')
      .press('Nederlands')
      .expectReply(/vanaf nu spreek ik Nederlands/);
    await ada.send('instellingen').expectReply(/Je instellingen/);
    await ada.send('instellingen taal engels').expectReply(/speak English from now on/);
    const person = await ada.person();
    expect(person).toMatchObject({
      locale: 'en',
      timeZone: 'America/New_York',
      workingHours: { start: '08:00', end: '16:30', days: [1, 2, 3, 4] },
      quietHours: { start: '12:00', end: '13:00' },
    });
    expect(person.pausedUntil).toBeUndefined();
  });

  it('lists, edits, completes, drops, snoozes and notes agreements with a history', async () => {
    const sam = h.user('sam', { displayName: 'Sam', locale: 'en' });
    const robin = h.user('robin', { displayName: 'Robin', email: 'robin@example.com', locale: 'en' });
    const trajectoryId = await startTrajectory(h, sam, robin);
    await sam.send('agreements').expectReply(/No open agreements with Robin/);
    await sam
      .press('Use the form')
      .submit({ owner: 'employee', what: 'Draft the outline', due: 'next Friday' })
      .expectReply(/by Friday 4 December 2026/);
    await sam
      .press('Use the form')
      .submit({ owner: 'employee', what: 'Book a room', due: '2026-12-08' })
      .expectReply(/Agreed: you will take on/);
    await sam
      .send('agreements')
      .expectReply(/Your agreements with Robin/)
      .expectReply(/Sam: Draft the outline – by Friday 4 December 2026/)
      .expectReply(/Sam: Book a room/);
    const [outline, room] = await h.app.store.agreements.listForTrajectory(trajectoryId);

    await sam
      .pressButton({ action: 'agreement.edit', label: 'Change', value: outline!.id })
      .expectReply(/Currently: “Draft the outline”/);
    await sam.press('Keep as is').expectReply(/Currently by Friday 4 December 2026/);
    await sam.send('over twee weken').expectReply(/by Tuesday 15 December 2026/);
    await sam.press('Yes').expectReply(/Changed: you will take on “Draft the outline” by Tuesday 15 December 2026\./);
    await sam
      .pressButton({ action: 'agreement.note', label: 'Add a note', value: outline!.id })
      .send('Started on the intro')
      .expectReply(/Note saved/);
    await sam
      .pressButton({ action: 'agreement.snooze', label: 'In 3 days', value: `${outline!.id}|3` })
      .expectReply(/remind you again around Friday 4 December 2026/);
    await sam
      .pressButton({ action: 'agreement.done', label: 'Done', value: outline!.id })
      .expectReply(/Marked as done: “Draft the outline”/);
    await sam.pressButton({ action: 'agreement.done', label: 'Done', value: outline!.id }).expectReply(/done already/);
    await sam
      .pressButton({ action: 'agreement.drop', label: 'Drop', value: room!.id })
      .expectReply(/Dropped: “Book a room”/);
    await h.deliverDue();
    await robin.expectReply(/Sam completed the agreement “Draft the outline” 🎉/);

    const history = (await h.app.store.agreements.get(outline!.id))!.history;
    expect(history.map((e) => [e.change, e.from ?? null, e.to ?? null, e.note ?? null])).toEqual([
      ['created', null, '2026-12-04', null],
      ['rescheduled', '2026-12-04', '2026-12-15', null],
      ['note', null, null, 'Started on the intro'],
      ['snoozed', null, null, null],
      ['done', null, null, null],
    ]);
    expect((await h.app.store.agreements.get(room!.id))!.status).toBe('dropped');
  });

  it('shows the next session, moves it, and lists the history', async () => {
    const sam = h.user('sam');
    const robin = h.user('robin');
    await sam
      .send('next session')
      .expectReply(/Your next conversation with Robin: Thursday 10 December 2026 at 14:00 \(60 min\)/);
    await sam.press('Move').expectReply(/To which day and time/);
    await sam.send('Friday 11:00').expectReply(/Let me check: Friday 4 December 2026 at 11:00/);
    await sam.press('Yes').expectReply(/Moved to Friday 4 December 2026 at 11:00/);
    await h.deliverDue();
    await robin.expectReply(/Sam moved your conversation to Friday 4 December 2026 at 11:00/);
    await robin.send('volgend gesprek').expectReply(/Your next conversation with Sam: Friday 4 December 2026 at 11:00/);
    await sam.send('history').expectReply(/Your trajectory with Robin – goal: Grow as a presenter/);
  });
});

describe('running the preparation again', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ start: '2026-12-01T08:00:00Z', label: 'prep_again' });
  });
  afterAll(() => h.close());

  it('starts over from the first question and never duplicates an item', async () => {
    const sam = h.user('sam', { displayName: 'Sam', locale: 'en' });
    const trajectoryId = await startTrajectory(
      h,
      sam,
      h.user('robin', { displayName: 'Robin', email: 'robin@example.com', locale: 'en' }),
    );
    await sam
      .send('prepare')
      .send('A clear plan')
      .send('By doing') // the first conversation's intake: how Sam learns best, then three skipped
      .press('Skip')
      .press('Skip')
      .press('Skip')
      .press('Skip') // the travel report
      .send('Demo went well\nTeam liked it')
      .expectReply(/What else went well/);
    await sam
      .send('restart')
      .expectReply(/Let's prepare your first conversation with Robin/)
      .expectReply(/So far: “A clear plan”/);
    await sam
      .press('Skip')
      .expectReply(/So far: “By doing”/)
      .press('Skip')
      .press('Skip')
      .press('Skip')
      .press('Skip')
      .press('Skip')
      .expectReply(/What else went well/);
    await sam.send('Team liked it\nDemo went well\nA new success').press("That's all");
    const [session] = await h.app.store.sessions.listForTrajectory(trajectoryId);
    expect(session!.preparation.successes).toEqual(['Demo went well', 'Team liked it', 'A new success']);
    expect(session!.preparation.goal).toBe('A clear plan');
    expect(session!.preparation.intake).toEqual({ learning: 'By doing' });
  });
});

describe('ending a trajectory', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ start: '2026-12-01T08:00:00Z', label: 'end_trajectory' });
  });
  afterAll(() => h.close());

  it('asks once more, calls off what was planned, stops every reminder and tells the other person', async () => {
    const sam = h.user('sam', { displayName: 'Sam', locale: 'en' });
    const robin = h.user('robin', { displayName: 'Robin', email: 'robin@example.com', locale: 'nl' });
    const trajectoryId = await startTrajectory(h, sam, robin, { goal: 'Grow as a presenter' });
    await sam
      .send('agreements')
      .press('Use the form')
      .submit({ owner: 'employee', what: 'Draft the outline', due: '2026-12-18' })
      .expectReply(/Agreed: you will take on/);
    expect((await h.app.store.outbox.pending()).length).toBeGreaterThan(0);

    await sam.send('end trajectory').expectReply(/Which coaching trajectory would you like to end/);
    await sam
      .press('With Robin: Grow as a presenter')
      .expectReply(/end your coaching trajectory with Robin \(“Grow as a presenter”\)\?/);
    await sam.press('Keep going').expectReply(/we keep going/);
    expect((await h.app.store.trajectories.get(trajectoryId))?.status).toBe('active');
    await sam.press('Yes, end it').expectReply(/Your trajectory with Robin has ended/);
    await sam.press('Yes, end it').expectReply(/already ended/);

    expect((await h.app.store.trajectories.get(trajectoryId))?.status).toBe('ended');
    expect((await h.app.store.sessions.listForTrajectory(trajectoryId)).map((s) => s.status)).toEqual(['cancelled']);
    // What remains: telling Robin, and taking the called-off conversation out of both calendars.
    expect((await h.app.store.outbox.pending()).map((i) => i.kind).sort()).toEqual([
      'calendar.invite',
      'calendar.invite',
      'trajectory.ended',
    ]);
    await h.deliverDue();
    await robin.expectReply(/Sam heeft jullie coachingstraject “Grow as a presenter” beëindigd/);
    // Nothing planned before the end reaches anyone after it, even if it was already on its way.
    const [agreement] = await h.app.store.agreements.listForTrajectory(trajectoryId);
    const nudge = await h.app.engine.resume((await sam.person()).id, {
      type: 'resume',
      kind: 'agreement.due',
      payload: { agreementId: agreement!.id, due: agreement!.due },
      key: 'late',
    });
    expect(nudge).toEqual([]);
    await sam.send('history').expectReply(/Your trajectory with Robin – goal: Grow as a presenter/);
    await sam.send('end trajectory').expectReply(/no running coaching trajectory/);
  });
});
