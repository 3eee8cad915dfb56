import { describe, expect, it } from 'vitest';
import { stopInOrder, type StopStep } from '../../src/stop.js';
import { silentLogger, type Logger } from '../../src/core/logger.js';

function createTestLogger(): { logger: Logger; lines: () => { msg: string }[] } {
  const seen: { msg: string }[] = [];
  const logger: Logger = { ...silentLogger, error: (_f, msg) => void seen.push({ msg }), child: () => logger };
  return { logger, lines: () => seen };
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A step waiting for `ms` of work, reporting one item of `kind` in flight until it is done. */
function working(what: string, kind: string, ms: number): StopStep & { ran: () => boolean } {
  let busy = 1;
  let ran = false;
  return {
    what,
    ran: () => ran,
    run: async () => {
      ran = true;
      await wait(ms);
      busy = 0;
    },
    inFlight: () => ({ [kind]: busy }),
  };
}

describe('stopInOrder', () => {
  it('is clean when every waiting step finishes within the bound', async () => {
    const closed: string[] = [];
    const report = await stopInOrder(
      [
        working('scheduler', 'scheduled sends', 30),
        working('channel', 'slack turns', 30),
        { what: 'database', run: async () => void closed.push('database') },
      ],
      1_000,
      createTestLogger().logger,
    );
    expect(report).toMatchObject({ clean: true, abandoned: {}, failedSteps: [] });
    expect(closed).toEqual(['database']);
  });

  it('shares one bound: past it, everything still running is counted by kind, and closing steps still run', async () => {
    const later = working('channel', 'slack turns', 5_000);
    const closed: string[] = [];
    const started = Date.now();
    const report = await stopInOrder(
      [
        working('scheduler', 'scheduled sends', 5_000),
        later,
        { what: 'database', run: async () => void closed.push('database') },
      ],
      200,
      createTestLogger().logger,
    );
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(report.clean).toBe(false);
    expect(report.abandoned).toEqual({ 'scheduled sends': 1, 'slack turns': 1 });
    expect(later.ran()).toBe(false);
    expect(closed).toEqual(['database']);
  });

  it('is not clean when a step throws or a closing step hangs, and names them', async () => {
    const { logger, lines } = createTestLogger();
    const report = await stopInOrder(
      [
        { what: 'retention', run: async () => Promise.reject(new Error('boom')) },
        { what: 'database', run: () => new Promise(() => undefined) },
      ],
      100,
      logger,
    );
    expect(report.clean).toBe(false);
    expect(report.abandoned).toEqual({});
    expect(report.failedSteps).toEqual(['retention', 'database']);
    expect(lines().some((l) => l.msg === 'stop step failed')).toBe(true);
  });
});
