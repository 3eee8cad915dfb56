/**
 * Operations wiring (composition, like app.ts): what the running bot records for operators — each scheduler tick
 * as a heartbeat per instance (read by `npm run admin -- status`).
 */
import type { Connection } from 'mongoose';
import type { Logger } from './core/logger.js';
import type { TickReport } from './scheduler/index.js';
import { MongoSchedulerTicks } from './store/scheduler-ticks.repo.js';

/** The scheduler's onTick: writes the instance's heartbeat (a failure is logged, never thrown into the scheduler). */
export function recordTicks(connection: Connection, logger: Logger): (tick: TickReport) => void {
  const ticks = new MongoSchedulerTicks(connection);
  return (tick) => {
    const { claimed, sent, retried, failed } = tick.result;
    ticks
      .record({
        instance: tick.instanceId,
        at: tick.at,
        durationMs: Math.round(tick.durationMs),
        claimed,
        sent,
        retried,
        failed,
      })
      .catch((error: unknown) => {
        logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'scheduler heartbeat not recorded',
        );
      });
  };
}
