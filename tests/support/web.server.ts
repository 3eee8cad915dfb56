/**
 * The real app with the web chat on a free loopback port, in-process: a fresh database, createApp, the shared HTTP
 * server, and startWeb — what `npm start` does for the web channel, minus process concerns. The clock is a
 * ManualClock (the development clock) that the test can move.
 */
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import type { Models } from '../../src/store/schemas.js';
import type { App } from '../../src/app.js';
import type { ChannelHandle } from '../../src/channels/channel.js';
import { startWeb } from '../../src/channels/web/index.js';
import { loadConfig, type Config } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { channelTestApp } from './channel-app.js';
import { dropDatabase } from './db.js';

export interface WebServer {
  readonly app: App;
  readonly config: Readonly<Config>;
  readonly clock: ManualClock;
  readonly handle: ChannelHandle;
  readonly baseUrl: string;
  readonly connection: Connection;
  readonly models: Models;
  close(): Promise<void>;
}

export async function startWebServer(env: Record<string, string> = {}): Promise<WebServer> {
  const config = loadConfig({
    NODE_ENV: 'development',
    WEB_CHAT: 'on',
    DEV_CLOCK: 'true',
    PORT: '0',
    HOST: '127.0.0.1',
    ...env,
  });
  const clock = new ManualClock(() => Date.now(), new Date('2026-12-01T08:00:00Z'));
  const { connection, models, app, http, ctx } = await channelTestApp('web', config, clock);
  const handle = await startWeb(ctx);
  if (!handle) throw new Error('the web chat did not start');
  if (handle.directory) app.directories.web = handle.directory;
  const address: AddressInfo = await http.listen('127.0.0.1', 0);
  return {
    app,
    config,
    clock,
    handle,
    connection,
    models,
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await handle.stop();
      await http.stop();
      await dropDatabase(connection);
    },
  };
}
