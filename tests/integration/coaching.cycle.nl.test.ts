/**
 * The whole coaching cycle in Dutch against the real store (the script: tests/support/cycles/nl.script.ts).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { fromApp } from '../support/cycles/harness.js';
import { dutchCycle, NL_CYCLE_START } from '../support/cycles/nl.script.js';
import { createHarness, type Harness } from '../support/scripted-client.js';

describe('een hele coachingscyclus in het Nederlands', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ start: NL_CYCLE_START, label: 'cycle_nl' });
  });
  afterAll(() => h.close());

  it('loopt van opzet tot beide evaluaties en bewaart precies wat er gezegd is', async () => {
    await dutchCycle(fromApp(h));
  });
});
