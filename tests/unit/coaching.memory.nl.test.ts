/**
 * The Dutch full-cycle script (tests/support/cycles/nl.script.ts) on in-memory repositories: the same decider,
 * applier, planner and engine, no MongoDB, so the coaching flows run as a fast unit test. The MongoDB run of the same
 * script (tests/integration/coaching.cycle.nl.test.ts) stays the storage check.
 */
import { describe, it } from 'vitest';
import { dutchCycle, NL_CYCLE_START } from '../support/cycles/nl.script.js';
import { createMemoryHarness } from '../support/memory/harness.js';

describe('een hele coachingscyclus in het Nederlands, in het geheugen', () => {
  it('loopt van opzet tot beide evaluaties en bewaart precies wat er gezegd is', async () => {
    await dutchCycle(createMemoryHarness({ start: NL_CYCLE_START }));
  });
});
