/**
 * The real app, an HTTP server and a channel context on a fresh database: what each channel's test server starts from.
 * The context goes through the same operations as in `src/runtime.ts` (with `METRICS=on`, the default, the engine is
 * wrapped to count turns), so the channels are tested with what they get in production.
 */
import type { Connection } from 'mongoose';
import { channelContext, coachingSettings, createApp, type App } from '../../src/app.js';
import type { ChannelContext } from '../../src/channels/channel.js';
import type { Config } from '../../src/config.js';
import type { Clock } from '../../src/core/clock.js';
import { silentLogger, type Logger } from '../../src/core/logger.js';
import { createHttpServer, type HttpServer } from '../../src/http/server.js';
import { createOperations } from '../../src/operations.js';
import { createModels, type Models } from '../../src/store/schemas.js';
import { freshDatabase } from './db.js';

export interface ChannelTestApp {
  readonly connection: Connection;
  /** The mongoose models on the test database, to inspect collections directly. */
  readonly models: Models;
  readonly app: App;
  readonly http: HttpServer;
  readonly ctx: ChannelContext;
}

export async function channelTestApp(
  label: string,
  config: Readonly<Config>,
  clock: Clock,
  logger: Logger = silentLogger,
): Promise<ChannelTestApp> {
  const connection = await freshDatabase(label);
  const app = await createApp({ connection, clock, logger: silentLogger, settings: coachingSettings(config) });
  const http = createHttpServer({ logger: silentLogger, ready: async () => true });
  return {
    connection,
    models: createModels(connection),
    app,
    http,
    ctx: createOperations(app, config, connection, http.router, logger).context(
      channelContext(app, config, http.router, logger),
    ),
  };
}
