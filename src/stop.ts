/**
 * The stop sequence under one bound (STOP_GRACE_SECONDS): steps that wait for work in flight (the scheduler's sends,
 * the channels' turns, open HTTP requests) share the bound; when it runs out, what is still running is counted by
 * kind (counts only, never text) and abandoned, and the closing steps (database, embedded server) get a short bound
 * of their own. The report says whether the stop was clean, so the last log line can tell the truth.
 */
import type { Logger } from './core/logger.js';

/** Work still running, by kind ("scheduled sends", "slack turns", "POST /api/messages"). */
export type InFlight = Readonly<Record<string, number>>;

export interface StopStep {
  readonly what: string;
  /** Runs the step; `budgetMs` is what is left of the bound (a step may pass it on, e.g. to an HTTP grace timer). */
  run(budgetMs: number): Promise<unknown>;
  /** Present on steps that wait for work: what is still running. Its presence makes the step share the bound. */
  inFlight?(): InFlight;
}

export interface StopReport {
  /** True when every step finished within the bound and none failed. */
  readonly clean: boolean;
  readonly waitedMs: number;
  /** What was still running when the bound ran out, by kind; empty when nothing was abandoned. */
  readonly abandoned: InFlight;
  /** Steps that threw or that did not finish (closing steps past their own bound). */
  readonly failedSteps: readonly string[];
}

/** How long each closing step (database connection, embedded server) may take once the waiting is over. */
export const CLOSE_STEP_MS = 1_500;

const sleep = (ms: number): Promise<'timeout'> =>
  new Promise((resolve) => setTimeout(() => resolve('timeout'), Math.max(0, ms)).unref());

/** Adds every non-zero count of `from` into `into`. */
function addCounts(into: Record<string, number>, from: InFlight): void {
  for (const [kind, n] of Object.entries(from)) if (n > 0) into[kind] = (into[kind] ?? 0) + n;
}

/** Runs `steps` in order (waiting steps first under the shared bound), and reports what it had to abandon. */
export async function stopInOrder(steps: readonly StopStep[], graceMs: number, logger: Logger): Promise<StopReport> {
  const started = Date.now();
  const deadline = started + graceMs;
  const failedSteps: string[] = [];
  const abandoned: Record<string, number> = {};
  let overdue = false;
  const waiting = steps.filter((s) => s.inFlight);

  const attempt = async (step: StopStep, boundMs: number): Promise<'done' | 'timeout'> => {
    try {
      return await Promise.race([step.run(boundMs).then(() => 'done' as const), sleep(boundMs)]);
    } catch (error) {
      logger.error({ err: error, step: step.what }, 'stop step failed');
      failedSteps.push(step.what);
      return 'done';
    }
  };

  for (const step of steps) {
    if (step.inFlight) {
      if (overdue) continue;
      if ((await attempt(step, deadline - Date.now())) === 'timeout') {
        overdue = true;
        // Counted at the moment the bound ran out, for every waiting step (later ones get no time of their own).
        for (const w of waiting) addCounts(abandoned, w.inFlight?.() ?? {});
      }
    } else if ((await attempt(step, CLOSE_STEP_MS)) === 'timeout') {
      failedSteps.push(step.what);
    }
  }
  // A step can finish in time and still leave work (an HTTP request cut off inside the step's own grace timer).
  if (!overdue) for (const w of waiting) addCounts(abandoned, w.inFlight?.() ?? {});
  const clean = failedSteps.length === 0 && Object.keys(abandoned).length === 0;
  return { clean, waitedMs: Date.now() - started, abandoned, failedSteps };
}
