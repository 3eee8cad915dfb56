/**
 * Operations wiring (composition, like app.ts): what the running bot records for operators — each scheduler tick
 * as a heartbeat per instance (read by `npm run admin -- status`) — and the Prometheus metrics (metrics.ts).
 */
import type { Router } from 'express';
import type { Connection } from 'mongoose';
import type { App } from './app.js';
import type { ChannelContext } from './channels/channel.js';
import type { Config } from './config.js';
import type { Logger } from './core/logger.js';
import type { Messenger } from './core/messenger.js';
import { createMetrics, mountMetrics } from './metrics.js';
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

/** What the runtime wires for operators: the heartbeat always, metrics unless METRICS=off. */
export interface Operations {
  /** The channel context with its engine counted and timed. */
  context(ctx: ChannelContext): ChannelContext;
  /** The messengers with their sends counted. */
  messengers(list: readonly Messenger[]): Messenger[];
  onTick(tick: TickReport): void;
}

export function createOperations(
  app: App,
  config: Readonly<Config>,
  connection: Connection,
  router: Router,
  logger: Logger,
): Operations {
  const heartbeat = recordTicks(connection, logger);
  if (config.METRICS === 'off') {
    return { context: (ctx) => ctx, messengers: (list) => [...list], onTick: heartbeat };
  }
  const metrics = createMetrics(app.store.operations, () => app.clock.now());
  mountMetrics(router, metrics, config.METRICS_TOKEN);
  return {
    context: (ctx) => ({ ...ctx, engine: metrics.instrumentEngine(ctx.engine) }),
    messengers: (list) => list.map((m) => metrics.instrumentMessenger(m)),
    onTick: (tick) => {
      heartbeat(tick);
      metrics.onTick(tick);
    },
  };
}
