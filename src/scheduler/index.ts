/**
 * The scheduler's entry point for main.ts: a named node-cron task ticks the dispatcher in this instance; MongoDB
 * decides who delivers what (node-cron alone would run every job in every instance). The task never overlaps itself
 * (`noOverlap`), and `Dispatcher.tick` shares a running tick with any other caller (the dev clock).
 *
 * In development (DEV_CLOCK, never with NODE_ENV=production) the clock control is mounted on the HTTP router when
 * the app runs on a ManualClock and a router is given.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import cron from 'node-cron';
import type { Router } from 'express';
import type { App } from '../app.js';
import type { Config } from '../config.js';
import { ManualClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Messenger } from '../core/messenger.js';
import { mountDevClock } from './dev-clock.routes.js';
import { Dispatcher } from './dispatcher.js';
import { startUninstallCleanup, type CleanupHandle } from './uninstall-cleanup.js';
import { emptyTickResult, type DispatcherSettings, type Resumer, type TickResult } from './ports.js';
import { MongoSendQuota } from './send-quota.repo.js';

export { Dispatcher } from './dispatcher.js';
export type { DispatcherSettings, Resumer, TickResult } from './ports.js';

export interface SchedulerOptions {
  /** The shared HTTP router, for the development clock control. */
  readonly router?: Router;
  /** Overrides INSTANCE_ID (tests run several instances in one process). */
  readonly instanceId?: string;
  readonly settings?: Partial<DispatcherSettings>;
  /** Defaults to the app's engine. */
  readonly resumer?: Resumer;
  /** Told after every tick (heartbeat for the operator's status, metrics). Must not throw; it is not awaited. */
  readonly onTick?: (tick: TickReport) => void;
}

/** One finished tick of this instance. */
export interface TickReport {
  readonly instanceId: string;
  readonly at: Date;
  readonly durationMs: number;
  readonly result: TickResult;
}

export interface SchedulerHandle {
  readonly dispatcher: Dispatcher;
  /** Runs one tick now (shared with a running one). */
  tick(): Promise<TickResult>;
  /** The hourly removal of people whose app was removed more than UNINSTALL_GRACE_DAYS ago (when ticking). */
  readonly cleanup?: CleanupHandle;
  stop(): Promise<void>;
}

export function defaultInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 4)}`;
}

/** A dispatcher wired to the app: its outbox, people, engine (as the Resumer), clock and planner. */
export function createDispatcher(
  app: App,
  messengers: readonly Messenger[],
  options: { instanceId: string; settings?: Partial<DispatcherSettings>; resumer?: Resumer; logger?: Logger },
): Dispatcher {
  return new Dispatcher({
    store: app.outbox,
    quota: new MongoSendQuota(app.models, () => app.clock.now()),
    people: app.people,
    resumer: options.resumer ?? app.resumer,
    messengers,
    clock: app.clock,
    logger: options.logger ?? app.logger,
    instanceId: options.instanceId,
    listener: app.planner,
    settings: { maxMessagesPerDay: app.planner.settings.maxMessagesPerDay, ...options.settings },
  });
}

function cronLogger(logger: Logger) {
  return {
    info: (message: string) => logger.debug({ component: 'node-cron' }, message),
    warn: (message: string) => logger.warn({ component: 'node-cron' }, message),
    error: (message: string | Error) =>
      logger.error({ component: 'node-cron' }, message instanceof Error ? message.message : message),
    debug: (message: string | Error) =>
      logger.debug({ component: 'node-cron' }, message instanceof Error ? message.message : message),
  };
}

/** How long after an urgent item is planned its tick runs: long enough to gather the items one turn plans. */
const URGENT_DELAY_MS = 250;

export async function startScheduler(
  app: App,
  messengers: readonly Messenger[],
  config: Readonly<Config>,
  options: SchedulerOptions = {},
): Promise<SchedulerHandle> {
  const instanceId = options.instanceId ?? config.INSTANCE_ID ?? defaultInstanceId();
  const logger = app.logger.child({ component: 'scheduler', instance: instanceId });
  const dispatcher = createDispatcher(app, messengers, {
    instanceId,
    logger,
    settings: { maxMessagesPerDay: config.MAX_MESSAGES_PER_DAY, ...options.settings },
    ...(options.resumer ? { resumer: options.resumer } : {}),
  });
  const tick = async (): Promise<TickResult> => {
    const started = performance.now();
    try {
      const result = await dispatcher.tick();
      options.onTick?.({ instanceId, at: app.clock.now(), durationMs: performance.now() - started, result });
      return result;
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'scheduler tick failed');
      return emptyTickResult();
    }
  };

  if (config.devClock && config.NODE_ENV !== 'production' && options.router) {
    if (app.clock instanceof ManualClock) {
      mountDevClock(options.router, { clock: app.clock, outbox: app.outbox, tick });
      logger.info(
        { routes: ['GET /dev/clock', 'POST /dev/clock/advance', 'POST /dev/clock/next'] },
        'development clock control mounted',
      );
    } else {
      logger.warn({}, 'DEV_CLOCK is on but the app clock is not a ManualClock: no clock control');
    }
  }

  if (!config.SCHEDULER_ENABLED) {
    logger.info({}, 'scheduler disabled (SCHEDULER_ENABLED=false): nothing is sent from this instance');
    return { dispatcher, tick, stop: () => dispatcher.stop() };
  }
  if (!cron.validate(config.SCHEDULER_CRON)) {
    throw new AppError(
      'config_invalid',
      `SCHEDULER_CRON "${config.SCHEDULER_CRON}" is not a valid cron expression (e.g. "*/15 * * * * *": every 15 seconds)`,
    );
  }
  const cleanup = startUninstallCleanup(app, config.UNINSTALL_GRACE_DAYS, logger);
  const task = cron.schedule(config.SCHEDULER_CRON, () => tick(), {
    name: `outbox-dispatcher:${instanceId}`,
    noOverlap: true,
    logger: cronLogger(logger),
  });
  // A direct answer (urgent and already due) should not wait for the next tick: run one soon, coalescing a burst.
  let soon: NodeJS.Timeout | undefined;
  app.outbox.onUrgentDue(() => {
    soon ??= setTimeout(() => {
      soon = undefined;
      void tick();
    }, URGENT_DELAY_MS);
  });
  logger.info(
    { cron: config.SCHEDULER_CRON, maxMessagesPerDay: dispatcher.settings.maxMessagesPerDay },
    'scheduler started',
  );
  let stopped: Promise<void> | undefined;
  return {
    dispatcher,
    tick,
    cleanup,
    stop: () => {
      stopped ??= (async () => {
        app.outbox.onUrgentDue(undefined);
        if (soon) clearTimeout(soon);
        await task.stop();
        await dispatcher.stop();
        await task.destroy();
        await cleanup.stop();
      })();
      return stopped;
    },
  };
}
