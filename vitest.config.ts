import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for work another part of the test started; 1 s (the default) is too short on a loaded
    // machine (scheduler.recovery missed a send by it at load 8). What is polled for is still required.
    expect: { poll: { timeout: 15_000 } },
    pool: 'forks',
    reporters: ['default', 'json', './tests/support/failure-reporter.ts'],
    outputFile: { json: 'test-output/results.json' },
  },
});
