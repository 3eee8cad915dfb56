/**
 * The English full-cycle script (tests/support/cycles/en.script.ts) on in-memory repositories: the same decider,
 * applier, planner and engine, no MongoDB, so the coaching flows run as a fast unit test. The MongoDB run of the same
 * script (tests/integration/coaching.cycle.en.test.ts) stays the storage check.
 */
import { describe, it } from 'vitest';
import { EN_CYCLE_START, englishCycle } from '../support/cycles/en.script.js';
import { createMemoryHarness } from '../support/memory/harness.js';

describe('a whole coaching cycle in English, in memory', () => {
  it('runs from setup to both evaluations and stores exactly what was said', async () => {
    await englishCycle(createMemoryHarness({ start: EN_CYCLE_START }));
  });
});
