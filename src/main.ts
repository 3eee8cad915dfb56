/**
 * The composition root and the process's life: .env → config → logger → runtime (store, app, HTTP, channels,
 * scheduler) → "ready"; SIGTERM/SIGINT → graceful stop → exit 0.
 *
 * Stopping: the runtime waits up to STOP_GRACE_SECONDS for turns and sends in flight, then abandons what is left and
 * closes the database (a short bound of its own). The last log line says which: "stopped cleanly", or "stopped,
 * work abandoned" with counts by kind. A hard exit follows STOP_GRACE_SECONDS + STOP_RESERVE_MS whatever happens.
 *
 * Exit codes: 0 after a clean stop; 1 for a bad configuration (the message lists every problem, no stack), a
 * failed start, a stop that abandoned work or overran its bound, or a second signal while stopping.
 */
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config.js';
import { AppError } from './core/errors.js';
import type { Logger } from './core/logger.js';
import { consoleDestination, createLoggerFromConfig } from './logging.js';
import { startRuntime, type Runtime } from './runtime.js';
import { explainStartError } from './start-errors.js';
import { CLOSE_STEP_MS, type StopReport } from './stop.js';

/** After the grace period: closing the database and the embedded server (each bounded) and the last log line. */
const STOP_RESERVE_MS = 2 * CLOSE_STEP_MS + 500;

/** What becomes of abandoned work of each kind, for the operator reading the last log line. */
function afterwards(abandoned: Readonly<Record<string, number>>): string[] {
  return Object.keys(abandoned).map((kind) =>
    kind === 'slack turns'
      ? `${kind}: stored in the inbox; another instance (or this one restarted) answers them once INBOX_LEASE_SECONDS ran out`
      : kind === 'scheduled sends'
        ? `${kind}: claimed again once OUTBOX_LEASE_SECONDS ran out (on Slack looked up in the DM first)`
        : `${kind}: not stored; lost unless its sender retries (Slack retries an event that got no 200)`,
  );
}

function logStop(logger: Logger, signal: NodeJS.Signals, report: StopReport): void {
  if (report.clean) {
    logger.info({ signal, waitedMs: report.waitedMs }, 'stopped cleanly');
    return;
  }
  logger.warn(
    {
      signal,
      waitedMs: report.waitedMs,
      abandoned: report.abandoned,
      ...(report.failedSteps.length > 0 ? { failedSteps: report.failedSteps } : {}),
      afterwards: afterwards(report.abandoned),
    },
    Object.keys(report.abandoned).length > 0 ? 'stopped, work abandoned' : 'stopped, some steps did not finish',
  );
}

function readConfig(): Readonly<Config> {
  try {
    loadDotEnv();
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Cannot read the environment: ${message}\n`);
    process.exit(1);
  }
}

function describeChannels(runtime: Runtime): string[] {
  return runtime.channels.map((h) => `${h.channel} (${h.mode})`);
}

/** A second signal this soon after the first is the same stop, passed on by a parent process. */
const RELAYED_SIGNAL_MS = 1_000;

function handleSignals(runtime: Runtime, logger: Logger, graceMs: number): void {
  let stoppingSince: number | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stoppingSince !== undefined) {
      // The same stop relayed: a parent (tsx, npm) passes a signal on when the child is slow to answer, and Ctrl-C
      // reaches the whole process group. Only a signal a person sends again later means "now".
      if (Date.now() - stoppingSince < RELAYED_SIGNAL_MS) return;
      logger.warn({ signal }, 'second signal while stopping: exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ signal, graceMs }, 'stopping');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: graceMs + STOP_RESERVE_MS }, 'stop took too long: exiting, work abandoned');
      process.exit(1);
    }, graceMs + STOP_RESERVE_MS);
    timer.unref();
    runtime.stop().then(
      (report) => {
        clearTimeout(timer);
        logStop(logger, signal, report);
        process.exit(report.clean ? 0 : 1);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLoggerFromConfig(config, await consoleDestination(config));
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
  process.on('uncaughtException', (error) => {
    logger.error({ err: error }, 'uncaught exception: exiting');
    process.exit(1);
  });

  let runtime: Runtime;
  try {
    runtime = await startRuntime(config, logger);
  } catch (error) {
    const explained = explainStartError(error, config);
    if (explained) logger.error({ code: (error as { code?: unknown }).code }, explained);
    else if (error instanceof AppError) logger.error({ code: error.code }, error.message);
    else logger.error({ err: error }, 'start failed');
    process.exit(1);
  }
  handleSignals(runtime, logger, config.STOP_GRACE_SECONDS * 1000);
  logger.info(
    {
      http: `http://${runtime.address.address}:${runtime.address.port}`,
      channels: describeChannels(runtime),
      store: runtime.store,
      clock: config.devClock ? 'development (movable)' : 'system',
      environment: config.NODE_ENV,
    },
    'ready',
  );
  if (runtime.channels.length === 0) {
    logger.warn({}, 'no channel is active: set Slack or Teams variables, or WEB_CHAT=on (see README "Configuration")');
  }
}

void main();
