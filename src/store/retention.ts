/**
 * Retention, run by the scheduler's instances (idempotent, so several may run it): trajectories that ended or were
 * declined more than RETENTION_DAYS_AFTER_END days ago are removed with everything under them (their data keys
 * first), and the in-progress values of dialogs idle for DIALOG_IDLE_DAYS are cleared. The other collections expire
 * by TTL index (see schemas.ts and the README's "Privacy and security").
 */
import type { MongoPersonalData } from './personal-data.js';
import type { Models } from './schemas.js';

const DAY_MS = 24 * 3600 * 1000;
export const DIALOG_IDLE_DAYS = 90;
const BATCH = 200;

export interface RetentionResult {
  readonly trajectories: number;
  readonly documents: number;
  readonly dialogs: number;
}

export class MongoRetention {
  constructor(
    private readonly models: Models,
    private readonly personalData: MongoPersonalData,
    private readonly daysAfterEnd: number,
  ) {}

  async run(now: Date): Promise<RetentionResult> {
    const over = ['ended', 'declined'];
    // Ended before retention existed: the clock starts now, never earlier than promised.
    await this.models.trajectory.updateMany({ status: { $in: over }, endedAt: null }, { $set: { endedAt: now } });
    const cutoff = new Date(now.getTime() - this.daysAfterEnd * DAY_MS);
    let trajectories = 0;
    let documents = 0;
    for (;;) {
      const due = await this.models.trajectory
        .find({ status: { $in: over }, endedAt: { $lt: cutoff } }, { _id: 1 })
        .limit(BATCH)
        .lean();
      if (due.length === 0) break;
      const removed = await this.personalData.removeTrajectories(due.map((t) => String(t._id)));
      trajectories += due.length;
      documents += removed.documents;
    }
    const idle = new Date(now.getTime() - DIALOG_IDLE_DAYS * DAY_MS);
    const dialogs = await this.models.dialog.updateMany(
      { flow: null, updatedAt: { $lt: idle }, 'pending.0': { $exists: false }, values: { $ne: {} } },
      { $set: { values: {} } },
    );
    return { trajectories, documents, dialogs: dialogs.modifiedCount };
  }
}

export interface RetentionHandle {
  stop(): void;
}

/** Runs retention a minute after start and then every six hours (timers unref'd: they never keep the process up). */
export function scheduleRetention(
  retention: MongoRetention,
  now: () => Date,
  onResult: (result: RetentionResult) => void,
  onError: (error: unknown) => void,
  everyMs = 6 * 3600 * 1000,
): RetentionHandle {
  const run = (): void => {
    retention.run(now()).then(onResult, onError);
  };
  const first = setTimeout(run, Math.min(60_000, everyMs));
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
