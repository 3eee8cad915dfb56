/**
 * The composition root and the process's life: .env → config → logger → runtime (store, app, HTTP, channels,
 * scheduler) → "ready"; SIGTERM/SIGINT → graceful stop → exit 0.
 *
 * Exit codes: 0 after a clean stop; 1 for a bad configuration (the message lists every problem, no stack), a
 * failed start, a stop that takes longer than STOP_TIMEOUT_MS, or a second signal while stopping.
 */
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config.js';
import { AppError } from './core/errors.js';
import type { Logger } from './core/logger.js';
import { consoleDestination, createLoggerFromConfig } from './logging.js';
import { startRuntime, type Runtime } from './runtime.js';
import { explainStartError } from './start-errors.js';

/** Below Docker's and Kubernetes' default 10 s / 30 s, so a slow stop still ends in our own log line. */
const STOP_TIMEOUT_MS = 9_000;

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

function handleSignals(runtime: Runtime, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal while stopping: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: STOP_TIMEOUT_MS }, 'stop took too long: exiting');
      process.exit(1);
    }, STOP_TIMEOUT_MS);
    timer.unref();
    runtime.stop().then(
      () => {
        clearTimeout(timer);
        logger.info({ signal }, 'stopped cleanly');
        process.exit(0);
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
  handleSignals(runtime, logger);
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
