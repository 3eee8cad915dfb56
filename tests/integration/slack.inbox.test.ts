/**
 * No Slack turn is lost: an event is stored in the inbox before Slack gets its 200, an event left by an instance that
 * died after the 200 is answered by another one (once), an event whose turn committed before the crash gets its saved
 * answer (the turn does not run twice), and a part of the answer already in the DM is not posted again. Real receiver,
 * real engine, real MongoDB-compatible server; the Slack Web API nock'd.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dm, startSlackServer, TEAM, type SlackServer } from '../support/slack.server.js';

describe('the Slack inbox', () => {
  let s: SlackServer;
  beforeAll(async () => {
    s = await startSlackServer({ INBOX_LEASE_SECONDS: '5' });
    s.api.user({ id: 'U0INA', name: 'Ina', email: 'ina@example.com' });
  });
  afterAll(() => s.close());

  const answersTo = (eventId: string) =>
    s.api.callsTo('chat.postMessage').filter((c) => {
      const raw = c.args.metadata;
      const meta = (typeof raw === 'string' ? JSON.parse(raw) : raw) as
        { event_type?: string; event_payload?: { event?: string; part?: number } } | undefined;
      return meta?.event_type === 'coach_answer' && meta.event_payload?.event === eventId;
    });

  /** What an instance that stored the event, answered 200 and died leaves behind. */
  const leftBehind = async (eventId: string, text: string, attempts = 1): Promise<void> => {
    await s.models.inbox.create({
      _id: `slack:${eventId}`,
      channel: 'slack',
      status: 'pending',
      payload: { team: TEAM, user: 'U0INA', eventId, body: { type: 'text', text }, channelId: 'D-U0INA' },
      attempts,
      leaseOwner: 'dead-instance',
      leaseUntil: new Date(Date.now() - 1_000),
      receivedAt: new Date(Date.now() - 6_000),
    });
  };

  it('stores the event before acknowledging it, and keeps only its id once answered', async () => {
    const res = await s.event(dm('U0INA', 'help'), { eventId: 'EvINBOX1' });
    expect(res.status).toBe(200);
    // The 200 came after the insert: the event is in the inbox at the latest now.
    expect(await s.models.inbox.countDocuments({ _id: 'slack:EvINBOX1' })).toBe(1);
    await s.handle.idle();
    expect(answersTo('EvINBOX1').length).toBeGreaterThan(0);
    const doc = await s.models.inbox.findById('slack:EvINBOX1').lean();
    expect(doc).toMatchObject({ status: 'done' });
    expect(doc?.payload).toBeUndefined();
  });

  it('keeps what a waiting event says sealed at rest, and opens it for the instance that takes it over', async () => {
    const said = 'My plan for the reorganisation is to speak up first';
    const inbox = s.app.store.inbox;
    // A channel of its own, so the running sweeper leaves the event alone.
    await inbox.receive('sealtest:Ev1', 'sealtest', { text: said }, 'instance-a', 0);
    const raw = await s.models.inbox.collection.findOne({ _id: 'sealtest:Ev1' as never }); // the raw driver
    expect(raw?.status).toBe('pending');
    expect(JSON.stringify(raw)).not.toContain('reorganisation');
    const taken = await inbox.claimExpired('sealtest', 'instance-b', 5_000);
    expect(taken?.payload).toEqual({ text: said });
  });

  it('answers, once, an event whose instance died after the acknowledgement', async () => {
    await leftBehind('EvORPHAN1', 'help');
    await expect.poll(() => answersTo('EvORPHAN1').length, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await s.models.inbox.findById('slack:EvORPHAN1').lean())?.status).toBe('done');
    const parts = answersTo('EvORPHAN1').map((c) => c.args.metadata);
    expect(new Set(parts.map(String)).size).toBe(parts.length);
  });

  it('gives the saved answer of a turn that committed before the crash, without running it again', async () => {
    const person = await s.app.store.people.findByIdentity({ channel: 'slack', tenantId: TEAM, userId: 'U0INA' });
    if (!person) throw new Error('Ina should exist by now');
    const committed = await s.app.engine.receive({
      eventId: 'EvCOMMITTED1',
      from: { channel: 'slack', tenantId: TEAM, userId: 'U0INA' },
      body: { type: 'text', text: 'start' },
    });
    expect(committed.status).toBe('replied');
    const revision = (await s.app.store.dialogs.load(person.id)).revision;
    await leftBehind('EvCOMMITTED1', 'start');
    await expect.poll(() => answersTo('EvCOMMITTED1').length, { timeout: 15_000 }).toBeGreaterThan(0);
    await s.handle.idle();
    expect((await s.app.store.dialogs.load(person.id)).revision).toBe(revision);
    const texts = answersTo('EvCOMMITTED1').map((c) => String(c.args.text));
    expect(texts.join('\n')).toContain(committed.status === 'replied' ? (committed.replies[0]?.text ?? '') : '');
  });

  it('does not post again a part of the answer that the dead instance had already posted', async () => {
    s.api.once('conversations.history', 200, {
      ok: true,
      messages: [
        {
          type: 'message',
          ts: '1.1',
          text: 'first part',
          metadata: { event_type: 'coach_answer', event_payload: { event: 'EvPARTIAL1', part: 0, of: 1 } },
        },
      ],
    });
    await leftBehind('EvPARTIAL1', 'help', 1);
    await expect
      .poll(async () => (await s.models.inbox.findById('slack:EvPARTIAL1').lean())?.status, {
        timeout: 15_000,
      })
      .toBe('done');
    const history = s.api.callsTo('conversations.history').at(-1);
    expect(history?.args).toMatchObject({ channel: 'D-U0INA', include_all_metadata: 'true' });
    const parts = answersTo('EvPARTIAL1').map((c) => {
      const raw = c.args.metadata;
      return ((typeof raw === 'string' ? JSON.parse(raw) : raw) as { event_payload: { part: number } }).event_payload
        .part;
    });
    expect(parts).not.toContain(0);
  });

  it('does not acknowledge an event it cannot store: Slack gets a 500 and will retry', async () => {
    await s.connection.close();
    const res = await s.event(dm('U0INA', 'help'), { eventId: 'EvNODB1' });
    expect(res.status).toBe(500);
    expect(answersTo('EvNODB1')).toEqual([]);
  }, 30_000);
});
