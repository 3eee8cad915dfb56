/**
 * The cleanup for removed apps (started beside the scheduler's ticks by src/scheduling.ts): once an hour, everyone whose workspace or Teams chat
 * removed the app more than UNINSTALL_GRACE_DAYS ago, and who has not written since, is removed as 'delete my data'
 * removes a person (store/uninstalls.ts). Every ticking instance may run it: erasing twice removes nothing more.
 */
import cron from 'node-cron';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';

/** What the cleanup needs (the app's uninstalls and its person eraser). */
export interface UninstallCleanupDeps {
  readonly uninstalls: {
    purgeDue(now: Date, graceDays: number, erase: (personId: string) => Promise<unknown>): Promise<number>;
  };
  readonly erasePerson: (personId: string) => Promise<unknown>;
  readonly clock: Clock;
}

export interface CleanupHandle {
  /** Runs the cleanup now; resolves with how many people were removed. */
  run(): Promise<number>;
  stop(): Promise<void>;
}

export function startUninstallCleanup(app: UninstallCleanupDeps, graceDays: number, logger: Logger): CleanupHandle {
  const run = async (): Promise<number> => {
    try {
      const removed = await app.uninstalls.purgeDue(app.clock.now(), graceDays, app.erasePerson);
      if (removed > 0) logger.info({ removed, graceDays }, 'removed the data of people whose app was removed');
      return removed;
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : 'unknown' }, 'uninstall cleanup failed');
      return 0;
    }
  };
  const task = cron.schedule('0 7 * * * *', () => run(), { name: 'uninstall-cleanup', noOverlap: true });
  return {
    run,
    stop: async () => {
      await task.stop();
      await task.destroy();
    },
  };
}
