/**
 * The scheduler's entry point: a named node-cron task ticks the dispatcher in this instance; MongoDB decides who
 * delivers what (node-cron alone would run every job in every instance). The task never overlaps itself
 * (`noOverlap`), and `Dispatcher.tick` shares a running tick with any other caller (the dev clock).
 *
 * It is started with exactly what it uses: the outbox, the send quota, the recipients, the domain's `Deliverables`,
 * the messengers, a clock and a logger (src/scheduling.ts wires them from the app).
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import cron from 'node-cron';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { Dispatcher, type DispatcherDeps } from './dispatcher.js';
import { emptyTickResult, type DispatchStore, type TickResult, type UrgentSignal } from './ports.js';

export { Dispatcher, type DispatcherDeps } from './dispatcher.js';
export type * from './ports.js';

export interface SchedulerDeps extends DispatcherDeps {
  readonly store: DispatchStore & UrgentSignal;
}

/** One finished tick of this instance. */
export interface TickReport {
  readonly instanceId: string;
  readonly at: Date;
  readonly durationMs: number;
  readonly result: TickResult;
}

/** Told after every tick (heartbeat for the operator's status, metrics). Must not throw; it is not awaited. */
export type TickListener = (tick: TickReport) => void;

export interface CronSettings {
  /** SCHEDULER_ENABLED: false leaves a handle that ticks only when asked (the dev clock, tests). */
  readonly enabled: boolean;
  /** SCHEDULER_CRON, a node-cron expression with seconds. */
  readonly cron: string;
  readonly onTick?: TickListener;
}

export interface SchedulerHandle {
  readonly dispatcher: Dispatcher;
  /** Runs one tick now (shared with a running one). */
  tick(): Promise<TickResult>;
  stop(): Promise<void>;
}

export function defaultInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 4)}`;
}

function cronLogger(logger: Logger) {
  const text = (message: string | Error): string => (message instanceof Error ? message.message : message);
  return {
    info: (message: string) => logger.debug({ component: 'node-cron' }, message),
    // A tick longer than the cron period is normal during a burst (noOverlap skips the next one): not worth a warning.
    warn: (message: string) =>
      /overlap prevention|missed execution/.test(message)
        ? logger.debug({ component: 'node-cron' }, message)
        : logger.warn({ component: 'node-cron' }, message),
    error: (message: string | Error) => logger.error({ component: 'node-cron' }, text(message)),
    debug: (message: string | Error) => logger.debug({ component: 'node-cron' }, text(message)),
  };
}

/** How long after an urgent item is planned its tick runs: long enough to gather the items one turn plans. */
const URGENT_DELAY_MS = 250;

/** A tick that never throws: a failure is logged and counts as an empty tick. Reports each finished tick. */
function safeTick(deps: SchedulerDeps, dispatcher: Dispatcher, onTick?: TickListener): () => Promise<TickResult> {
  const { logger, clock, instanceId } = deps;
  return async () => {
    const started = performance.now();
    try {
      const result = await dispatcher.tick();
      onTick?.({ instanceId, at: clock.now(), durationMs: performance.now() - started, result });
      return result;
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'scheduler tick failed');
      return emptyTickResult();
    }
  };
}

export function startScheduler(deps: SchedulerDeps, settings: CronSettings): SchedulerHandle {
  const { logger, store } = deps;
  const dispatcher = new Dispatcher(deps);
  const tick = safeTick(deps, dispatcher, settings.onTick);
  if (!settings.enabled) {
    logger.info({}, 'scheduler disabled (SCHEDULER_ENABLED=false): nothing is sent from this instance');
    return { dispatcher, tick, stop: () => dispatcher.stop() };
  }
  if (!cron.validate(settings.cron)) {
    throw new AppError(
      'config_invalid',
      `SCHEDULER_CRON "${settings.cron}" is not a valid cron expression (e.g. "*/15 * * * * *": every 15 seconds)`,
    );
  }
  const task = cron.schedule(settings.cron, () => tick(), {
    name: `outbox-dispatcher:${deps.instanceId}`,
    noOverlap: true,
    logger: cronLogger(logger),
  });
  // A direct answer (urgent and already due) should not wait for the next tick: run one soon, coalescing a burst.
  let soon: NodeJS.Timeout | undefined;
  store.onUrgentDue(() => {
    soon ??= setTimeout(() => {
      soon = undefined;
      void tick();
    }, URGENT_DELAY_MS);
  });
  logger.info({ cron: settings.cron, maxMessagesPerDay: dispatcher.settings.maxMessagesPerDay }, 'scheduler started');
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      store.onUrgentDue(undefined);
      if (soon) clearTimeout(soon);
      await task.stop();
      await dispatcher.stop();
      await task.destroy();
    })();
    return stopped;
  };
  return { dispatcher, tick, stop };
}
