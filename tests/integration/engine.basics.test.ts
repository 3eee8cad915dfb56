import { afterAll, beforeAll, describe, it } from 'vitest';
import { createHarness, type Harness } from '../support/scripted-client.js';

describe('engine basics through the scripted client', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ label: 'basics' });
  });
  afterAll(() => h.close());

  it('answers help in English and Dutch', async () => {
    await h
      .user('ann', { displayName: 'Ann', locale: 'en-GB' })
      .send('help')
      .expectReply(/what I can do/);
    await h
      .user('bram', { displayName: 'Bram', locale: 'nl-NL' })
      .send('hulp')
      .expectReply(/Dit kan ik voor je doen/);
  });

  it('meets garbled and empty input kindly', async () => {
    const ann = h.user('ann');
    await ann
      .send('asdf qwerty')
      .expectReply(/not sure what you mean/)
      .send('   ')
      .expectReply(/empty/)
      .send('x'.repeat(10_000))
      .expectReply(/bit long/);
  });
});
