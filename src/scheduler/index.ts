/**
 * The scheduler's entry point for main.ts: node-cron ticks the dispatcher in this instance; MongoDB decides who
 * delivers what. Work in progress (scheduler issue).
 */
import type { App } from '../app.js';
import type { Config } from '../config.js';
import type { Messenger } from '../core/messenger.js';

export interface SchedulerHandle {
  stop(): Promise<void>;
}

export async function startScheduler(_app: App, _messengers: readonly Messenger[], _config: Readonly<Config>): Promise<SchedulerHandle> {
  return { stop: async () => {} };
}
