/**
 * Walls between organisations (issue 13, point 7): people are found by e-mail and invite code only inside the same
 * workspace, tenant or web space; invite codes carry 60 bits, expire after 7 days, work once, and `join` is limited
 * per person; a session id next to a trajectory id must belong to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInviteCode, INVITE_CODE_LENGTH, newInviteCode } from '../../src/coaching/walls.js';
import { seedAgreement, seedSession, seedTrajectory } from '../support/scheduler-fakes.js';
import { createHarness, type Harness, type ScriptedUser } from '../support/scripted-client.js';

const TENANT_A = { channel: 'teams' as const, tenantId: 'tenant-a' };
const TENANT_B = { channel: 'teams' as const, tenantId: 'tenant-b' };
const SLACK_T1 = { channel: 'slack' as const, tenantId: 'T0ONE' };

/** Starts an invitation by code and returns the code as shown. */
async function inviteByCode(user: ScriptedUser, goal: string): Promise<string> {
  await user.send('start').send(goal).press('Give me an invite code').press('every 28 days');
  await user.send('2026-12-15 09:30').press('45 min');
  await user.press('Create the invite code').expectReply(/Your invite code is/);
  const code = (await user.last()).text.match(/\*([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\*/)?.[1];
  if (!code) throw new Error('no invite code shown');
  return code;
}

describe('walls between organisations', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ start: '2026-12-01T08:00:00Z', label: 'walls' });
  });
  afterAll(() => h.close());

  it('invite codes carry at least 60 bits and look the same everywhere', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newInviteCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(new RegExp(`^[A-HJ-NP-Z2-9]{${INVITE_CODE_LENGTH}}$`));
    expect(INVITE_CODE_LENGTH * Math.log2(32)).toBeGreaterThanOrEqual(60);
    expect(formatInviteCode('ABCDEFGHJKLM')).toBe('ABCD-EFGH-JKLM');
  });

  it('finds a coach by e-mail only in the same tenant: another tenant or a Slack workspace is not searched', async () => {
    const bob = h.user('bob', { displayName: 'Bob', email: 'bob@corp.example' }, SLACK_T1);
    await bob.send('help');
    const carla = h.user('carla', { displayName: 'Carla', email: 'carla@other.example' }, TENANT_B);
    await carla.send('help');
    const dirk = h.user('dirk', { displayName: 'Dirk', email: 'dirk@a.example' }, TENANT_A);
    await dirk.send('help');

    const ann = h.user('ann', { displayName: 'Ann', email: 'ann@a.example' }, TENANT_A);
    await ann.send('start').send('Lead meetings well');
    await ann.send('bob@corp.example').expectReply(/couldn't find “bob@corp.example”/);
    await ann.send('carla@other.example').expectReply(/couldn't find “carla@other.example”/);
    await ann.send('dirk@a.example').expectReply(/How often/);
    await ann.send('cancel');
  });

  it('a code works only in its own space, once, and not after 7 days', async () => {
    const eva = h.user('eva', { displayName: 'Eva' }, TENANT_A);
    const code = await inviteByCode(eva, 'Give clearer feedback');

    const outsider = h.user('olaf', { displayName: 'Olaf' }, TENANT_B);
    await outsider.send(`join ${code}`).expectReply(/don't recognise the code/);
    const slackOutsider = h.user('sven', { displayName: 'Sven' }, SLACK_T1);
    await slackOutsider.send(`join ${code}`).expectReply(/don't recognise the code/);

    const fay = h.user('fay', { displayName: 'Fay' }, TENANT_A);
    await fay.send(`join ${code.toLowerCase()}`).expectReply(/you are now coaching Eva/);
    const gus = h.user('gus', { displayName: 'Gus' }, TENANT_A);
    await gus.send(`join ${code}`).expectReply(/don't recognise the code/);
    const [trajectory] = await h.app.store.trajectories.listForPerson((await eva.person()).id);
    expect(trajectory).toMatchObject({ status: 'active', coachId: (await fay.person()).id });

    const hanna = h.user('hanna', { displayName: 'Hanna' }, TENANT_A);
    const old = await inviteByCode(hanna, 'Plan my week');
    h.clock.advance(7 * 86_400_000 + 60_000);
    await gus.send(`join ${old}`).expectReply(/more than 7 days old/);
    const [stale] = await h.app.store.trajectories.listForPerson((await hanna.person()).id);
    expect(stale?.status).toBe('proposed');
  });

  it('limits join to 5 tries an hour per person, kindly, in both languages', async () => {
    const ivo = h.user('ivo', { displayName: 'Ivo', locale: 'nl' }, TENANT_A);
    for (let i = 0; i < 5; i++) await ivo.send(`doe mee ZZZZ-ZZZZ-ZZZ${i}`).expectReply(/herken de code/);
    await ivo.send('doe mee ZZZZ-ZZZZ-ZZZ9').expectReply(/Over een uur kun je het opnieuw proberen/);
    const jan = h.user('jan', { displayName: 'Jan' }, TENANT_A);
    for (let i = 0; i < 5; i++) await jan.send(`join ZZZZ-ZZZZ-ZZZ${i}`).expectReply(/don't recognise/);
    await jan.send('join ZZZZ-ZZZZ-ZZZ9').expectReply(/try again in an hour/);
    h.clock.advance(3_600_000 + 1_000);
    await jan.send('join ZZZZ-ZZZZ-ZZZ9').expectReply(/don't recognise/);
  });

  it('refuses an agreement form that names a session of another trajectory, and stores nothing', async () => {
    const kim = h.user('kim', { displayName: 'Kim' }, TENANT_A);
    const lea = h.user('lea', { displayName: 'Lea' }, TENANT_A);
    await kim.send('help');
    await lea.send('help');
    const [k, l] = [await kim.person(), await lea.person()];
    await seedTrajectory(h.app, 'tr-kim', k, l);
    await seedTrajectory(h.app, 'tr-other', l, k);
    await seedSession(h.app, 'tr-other', 1, '2026-12-20T13:00:00Z');
    await seedAgreement(h.app, 'ag-kim', 'tr-kim', '2026-12-30');
    const before = await h.models.agreement.countDocuments();
    const values = { owner: 'employee', what: 'Write it', due: '2026-12-28' };
    await kim
      .pressButton({ action: 'form:agreement', label: 'x', value: 'tr-kim|tr-other#1' })
      .expectReply(/couldn't find that/);
    await kim
      .pressButton({ action: 'agreement.form', label: 'x', value: 'tr-kim|tr-other#1' })
      .expectReply(/couldn't find that/);
    expect(await h.models.agreement.countDocuments()).toBe(before);
    void values;
  });
});
