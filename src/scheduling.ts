/**
 * Wires the scheduler to the app: the outbox and send quota from the store, people as recipients, and the coaching
 * domain's notices as the scheduler's `Deliverables` (the app's resumer renders, the planner plans what follows). In
 * development (DEV_CLOCK, never with NODE_ENV=production) the clock control is mounted on the HTTP router when the
 * app runs on a ManualClock and a router is given.
 */
import type { Router } from 'express';
import { deliveryGuaranteeOf } from './coaching/notices/index.js';
import type { App } from './app.js';
import type { Config } from './config.js';
import { ManualClock } from './core/clock.js';
import type { Logger } from './core/logger.js';
import type { Messenger } from './core/messenger.js';
import { mountDevClock } from './http/dev-clock.routes.js';
import {
  defaultInstanceId,
  Dispatcher,
  startScheduler,
  type Deliverables,
  type DispatcherSettings,
  type Resumer,
  type SchedulerDeps,
  type SchedulerHandle,
  type TickListener,
} from './scheduler/index.js';
import { startUninstallCleanup } from './store/uninstall-cleanup.js';

export interface DispatcherOptions {
  readonly instanceId: string;
  readonly settings?: Partial<DispatcherSettings>;
  /** Renders due items instead of the app's engine (tests); the planner still hears what was delivered. */
  readonly resumer?: Resumer;
  readonly logger?: Logger;
}

export interface SchedulerOptions extends Partial<DispatcherOptions> {
  /** The shared HTTP router, for the development clock control. */
  readonly router?: Router;
  /** Told after every tick (the operator's heartbeat). */
  readonly onTick?: TickListener;
}

/**
 * The scheduler's one port into the domain: due items are rendered by the app's resumer (the notice catalogue through
 * the engine, each payload checked against its kind's schema, and calendar invitations), and the planner hears what
 * left the outbox so it can plan what follows; each kind's delivery guarantee is read from its notice.
 */
function deliverables(app: App, resumer: Resumer = app.resumer): Deliverables {
  return {
    resume: (personId, event) => resumer.resume(personId, event),
    delivered: (items) => app.planner.deliveredMany(items),
    guaranteeOf: deliveryGuaranteeOf,
  };
}

/** Everything the scheduler uses, taken from the app. */
export function schedulerDeps(app: App, messengers: readonly Messenger[], options: DispatcherOptions): SchedulerDeps {
  const logger = options.logger ?? app.logger;
  return {
    store: app.store.outbox,
    quota: app.store.sendQuota,
    recipients: app.store.people,
    deliverables: deliverables(app, options.resumer),
    messengers,
    clock: app.clock,
    logger,
    instanceId: options.instanceId,
    turnsFirst: app.turnsFirst,
    sendRate: app.store.sendRate,
    settings: { maxMessagesPerDay: app.planner.settings.maxMessagesPerDay, ...options.settings },
  };
}

/** A dispatcher wired to the app (tests tick it by hand). */
export function createDispatcher(app: App, messengers: readonly Messenger[], options: DispatcherOptions): Dispatcher {
  return new Dispatcher(schedulerDeps(app, messengers, options));
}

function mountClockControl(app: App, router: Router, tick: SchedulerHandle['tick'], logger: Logger): void {
  if (!(app.clock instanceof ManualClock)) {
    logger.warn({}, 'DEV_CLOCK is on but the app clock is not a ManualClock: no clock control');
    return;
  }
  mountDevClock(router, { clock: app.clock, outbox: app.store.outbox, tick });
  logger.info(
    { routes: ['GET /dev/clock', 'POST /dev/clock/advance', 'POST /dev/clock/next'] },
    'development clock control mounted',
  );
}

/** Starts this instance's scheduler as the configuration says, with the dev clock control when it is on. */
export async function startAppScheduler(
  app: App,
  messengers: readonly Messenger[],
  config: Readonly<Config>,
  options: SchedulerOptions = {},
): Promise<SchedulerHandle> {
  const instanceId = options.instanceId ?? config.INSTANCE_ID ?? defaultInstanceId();
  // Every scheduler line names its instance through this child (the dispatcher's own lines do not add it again).
  const logger = (options.logger ?? app.logger).child({ component: 'scheduler', instance: instanceId });
  const deps = schedulerDeps(app, messengers, {
    instanceId,
    logger,
    settings: {
      maxMessagesPerDay: config.MAX_MESSAGES_PER_DAY,
      sendsPerSecond: { slack: config.SLACK_SENDS_PER_SECOND, teams: config.TEAMS_SENDS_PER_SECOND },
      ...options.settings,
    },
    ...(options.resumer ? { resumer: options.resumer } : {}),
  });
  const handle = startScheduler(deps, {
    enabled: config.SCHEDULER_ENABLED,
    cron: config.SCHEDULER_CRON,
    ...(options.onTick ? { onTick: options.onTick } : {}),
  });
  // The clock control ticks through the handle, so it also works with the cron switched off.
  if (config.devClock && config.NODE_ENV !== 'production' && options.router)
    mountClockControl(app, options.router, handle.tick, logger);
  if (!config.SCHEDULER_ENABLED) return handle;
  // The hourly removal of people whose app was removed more than UNINSTALL_GRACE_DAYS ago runs beside the ticks.
  const cleanup = startUninstallCleanup(app, config.UNINSTALL_GRACE_DAYS, logger);
  return {
    ...handle,
    stop: async () => {
      await handle.stop();
      await cleanup.stop();
    },
  };
}
