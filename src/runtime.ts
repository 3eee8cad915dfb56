/**
 * Starts and stops everything in order: store → app (engine, domain) → HTTP → channels → scheduler, and back.
 * main.ts adds the process concerns (environment, signals, exit codes); tests can start a runtime in-process.
 *
 * Stop order matters: stop accepting requests and ticks first, then let channels and in-flight requests finish,
 * and only then close the database (a request still running needs it) and the embedded server.
 */
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import { channelContext, coachingSettings, createApp, type App } from './app.js';
import type { Config } from './config.js';
import { forcedWarnings } from './config-dev.js';
import { ManualClock, systemClock, type Clock } from './core/clock.js';
import type { Logger } from './core/logger.js';
import { startChannels } from './channels/index.js';
import type { ChannelContext, ChannelHandle } from './channels/channel.js';
import { createHttpServer, type HttpServer } from './http/server.js';
import type { SchedulerHandle } from './scheduler/index.js';
import { startAppScheduler } from './scheduling.js';
import { connectMongo, pingMongo, redactUri } from './store/connection.js';
import { startEmbeddedMongo, type EmbeddedMongo } from './store/embedded.js';
import { createOperations } from './operations.js';
import { masterKeyRing } from './security/master-key.source.js';
import { scheduleRetention } from './store/retention.js';
import { stopInOrder, type StopReport, type StopStep } from './stop.js';

export interface Runtime {
  readonly app: App;
  readonly config: Readonly<Config>;
  /** The development clock when DEV_CLOCK is on (move it with `advance`), else the system clock. */
  readonly clock: Clock;
  readonly address: AddressInfo;
  readonly channels: readonly ChannelHandle[];
  /** "MONGODB_URI (…)" or "embedded mongo-java-server (…)", for logs. */
  readonly store: string;
  /**
   * Stops within STOP_GRACE_SECONDS (plus a short bound to close the database) and reports what it had to abandon.
   * Idempotent; never throws (problems are logged).
   */
  stop(): Promise<StopReport>;
}

/** The database name when MONGODB_URI names none (mongoose would otherwise use "test"). */
export const DEFAULT_DB_NAME = 'coaching';

/** True when the URI has a database path (`mongodb://host/db`), which then wins. */
function namesDatabase(uri: string): boolean {
  const path = uri.match(/^mongodb(?:\+srv)?:\/\/[^/?]+\/([^?]*)/)?.[1];
  return path !== undefined && path !== '';
}

export async function startRuntime(config: Readonly<Config>, logger: Logger): Promise<Runtime> {
  const undo: StopStep[] = [];
  const stopAll = (): Promise<StopReport> =>
    stopInOrder(undo.splice(0).reverse(), config.STOP_GRACE_SECONDS * 1000, logger);

  try {
    for (const warning of forcedWarnings(config.forced)) logger.warn({ forced: true }, warning);
    const clock: Clock = config.devClock ? new ManualClock() : systemClock;
    // Before anything else: without a usable master key nothing may be written (production refuses to start).
    const keys = masterKeyRing(config, logger.child({ component: 'encryption' }));
    const { connection, store } = await openDatabase(config, logger, undo);
    const app = await createApp({
      connection,
      clock,
      logger,
      settings: coachingSettings(config),
      keys,
      planner: {
        maxMessagesPerDay: config.MAX_MESSAGES_PER_DAY,
        prepInviteWorkingDaysBefore: config.PREP_INVITE_WORKING_DAYS_BEFORE,
        maxRemindersPerAgreement: config.MAX_REMINDERS_PER_AGREEMENT,
      },
    });
    const serving = await startServing(app, config, connection, logger, undo);
    await startBackgroundWork(app, config, serving, logger, undo);
    const { http, channels, address } = serving;
    let stopping: Promise<StopReport> | undefined;
    const stop = (): Promise<StopReport> => {
      // Stop accepting new requests before anything else; stopAll then awaits their completion in order.
      // The HTTP server's own cut-off comes a moment after the bound, so what it cuts off is counted as abandoned.
      stopping ??= (async () => {
        const drained = http.stop(config.STOP_GRACE_SECONDS * 1000 + 500);
        const report = await stopAll();
        await drained;
        return report;
      })();
      return stopping;
    };
    return { app, config, clock, address, channels, store, stop };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Connects to MONGODB_URI, or starts the embedded server first (a laptop); both are undone on the way back. */
async function openDatabase(
  config: Readonly<Config>,
  logger: Logger,
  undo: StopStep[],
): Promise<{ connection: Connection; store: string }> {
  let uri = config.MONGODB_URI;
  let store: string;
  if (uri) {
    store = `MONGODB_URI (${redactUri(uri)})`;
  } else {
    const embedded: EmbeddedMongo = await startEmbeddedMongo({
      dataDir: config.DATA_DIR,
      download: config.MONGOD_DOWNLOAD,
      logger: logger.child({ component: 'embedded-mongo' }),
    });
    undo.push({ what: 'embedded mongo', run: () => embedded.stop() });
    uri = embedded.uri;
    store = `embedded ${embedded.kind} (${embedded.dataPath})`;
    if (!config.isDevelopment)
      logger.warn({ store }, 'the embedded MongoDB is for laptops: set MONGODB_URI to MongoDB 6+ in production');
  }
  const connection: Connection = await connectMongo(uri, namesDatabase(uri) ? {} : { dbName: DEFAULT_DB_NAME });
  undo.push({ what: 'database connection', run: () => connection.close() });
  return { connection, store };
}

interface Serving {
  readonly http: HttpServer;
  readonly ops: ReturnType<typeof createOperations>;
  readonly channels: readonly ChannelHandle[];
  readonly address: AddressInfo;
}

/** The HTTP server with the operator's routes and the channels mounted, listening. */
async function startServing(
  app: App,
  config: Readonly<Config>,
  connection: Connection,
  logger: Logger,
  undo: StopStep[],
): Promise<Serving> {
  const http: HttpServer = createHttpServer({
    logger: logger.child({ component: 'http' }),
    ready: () => pingMongo(connection),
  });
  const ops = createOperations(app, config, connection, http.router, logger);
  const ctx: ChannelContext = ops.context(channelContext(app, config, http.router, logger));
  // Channels mount their routes before the server accepts its first request.
  const channels = await startChannels(ctx);
  // Pushed before the channels' stops, so on the way back in-flight requests are awaited after channels stop.
  undo.push({ what: 'http server', run: (budgetMs) => http.stop(budgetMs), inFlight: () => http.inFlight() });
  for (const handle of channels) {
    undo.push({
      what: `channel ${handle.channel}`,
      run: (budgetMs) => handle.stop(budgetMs),
      inFlight: () => handle.inFlight?.() ?? {},
    });
    if (handle.directory) app.directories[handle.channel] = handle.directory;
  }
  const address = await http.listen(config.HOST, config.PORT);
  return { http, ops, channels, address };
}

/** The scheduler (which reads SCHEDULER_ENABLED itself) and, on ticking instances, the retention run. */
async function startBackgroundWork(
  app: App,
  config: Readonly<Config>,
  { http, ops, channels }: Serving,
  logger: Logger,
  undo: StopStep[],
): Promise<void> {
  // A disabled scheduler still answers stop(). With the router it mounts the development clock control
  // (/dev/clock/*) when DEV_CLOCK is on; the web chat's time buttons call it.
  const scheduler: SchedulerHandle = await startAppScheduler(
    app,
    ops.messengers(channels.map((h) => h.messenger)),
    config,
    {
      router: http.router,
      settings: { leaseMs: config.OUTBOX_LEASE_SECONDS * 1000 },
      onTick: (tick) => ops.onTick(tick),
    },
  );
  undo.push({
    what: 'scheduler',
    run: () => scheduler.stop(),
    inFlight: () => ({ 'scheduled sends': scheduler.dispatcher.inFlight() }),
  });
  if (!config.SCHEDULER_ENABLED) return;
  const retainLog = logger.child({ component: 'retention' });
  const retention = scheduleRetention(
    app.store.retention(config.RETENTION_DAYS_AFTER_END),
    () => app.clock.now(),
    (result) => {
      if (result.trajectories || result.dialogs)
        retainLog.info({ ...result }, 'retention removed what is past its time');
    },
    (error) => retainLog.error({ err: error }, 'retention run did not complete; it runs again later'),
  );
  undo.push({ what: 'retention', run: async () => retention.stop() });
}
