/**
 * A skipped evaluation stays skipped, on the MongoDB-compatible server: the skip is stored with the session, and a
 * typed reply routed to the still-open "Did it take place?" no longer starts the wrap-up again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import { createHarness, type Harness } from '../support/scripted-client.js';
import { afterFirstConversation, typedPairOn } from '../support/typed-journey.js';

describe('a skipped evaluation, stored', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ start: '2026-12-01T08:00:00Z', label: 'skipped-evaluation' });
  });
  afterAll(() => h.close());

  it('is kept with the session, and a later reply is read as what it is', async () => {
    const { sam, robin } = await afterFirstConversation(await typedPairOn(h, 'en-GB'));
    await sam.send('Yes, we met').expectReply(/What will you do yourself/);
    await h.deliverDue();
    await robin.expectReply(/What did Sam propose to do/);
    await robin
      .send("that's all")
      .send('that suits me')
      .send('skip')
      .send('skip')
      .expectReply(/how it went/);
    const asked = robin.transcript.map(renderPlainText).filter((t) => /What did Sam propose/.test(t)).length;
    await robin.send('Sam came well prepared today').expectReply(/I'm not sure what you mean/);
    expect(robin.transcript.map(renderPlainText).filter((t) => /What did Sam propose/.test(t))).toHaveLength(asked);

    const [trajectory] = await h.app.store.trajectories.listForPerson((await sam.person()).id);
    const [first] = await h.app.store.sessions.listForTrajectory(trajectory!.id);
    expect(first!.evaluationSkipped?.coach).toBeInstanceOf(Date);
    expect(first!.evaluations.coach).toBeUndefined();

    // Sam skips too. Each one's export holds their own skip; the coach's export does not say that Sam skipped.
    await sam
      .send("that's all")
      .send('skip')
      .send('skip')
      .send('skip')
      .expectReply(/how it went/);
    const skipsIn = async (user: typeof sam) => {
      await user.send('my data').expectReply(/everything I hold about you/);
      const json = (await user.last()).files?.[1]?.content ?? '{}';
      const data = JSON.parse(json) as { trajectories: { sessions: { evaluationSkipped?: object }[] }[] };
      return Object.keys(data.trajectories[0]?.sessions[0]?.evaluationSkipped ?? {}).sort();
    };
    expect(await skipsIn(sam)).toEqual(['coach', 'employee']);
    expect(await skipsIn(robin)).toEqual(['coach']);
  });
});
