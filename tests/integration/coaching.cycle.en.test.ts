/**
 * The whole coaching cycle in English against the real store (the script: tests/support/cycles/en.script.ts), then
 * encryption at rest: the raw documents, read with the driver, hold none of what the two people typed.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectSealedAtRest } from '../support/at-rest.js';
import { EN_CYCLE_START, EN_CYCLE_TYPED, englishCycle } from '../support/cycles/en.script.js';
import { fromApp } from '../support/cycles/harness.js';
import { createHarness, type Harness } from '../support/scripted-client.js';

describe('a whole coaching cycle in English', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ start: EN_CYCLE_START, label: 'cycle_en' });
  });
  afterAll(() => h.close());

  it('runs from setup to both evaluations and stores exactly what was said', async () => {
    await englishCycle(fromApp(h));
    await expectSealedAtRest(h.connection, EN_CYCLE_TYPED);
  });
});
