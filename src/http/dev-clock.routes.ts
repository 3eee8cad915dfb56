/**
 * The development clock control: move time forward and run a dispatcher tick, so a whole coaching cycle (invitation,
 * reminder, digest, follow-up, agreement nudges) can be watched in minutes. Mounted only when the development clock
 * is on (config-dev.ts: the local demo, or forced; wired in src/scheduling.ts); it has no authentication, so it
 * answers only a local Host (http/local-only.ts: DNS rebinding).
 *
 *   GET  /dev/clock          → { now, pending, next }
 *   POST /dev/clock/advance  { ms | minutes | hours | days } → moves forward, ticks → { now, pending, next, tick }
 *   POST /dev/clock/next     → jumps to the next pending item's due time (if ahead) and ticks, following an item
 *                              the dispatcher held back, until something goes out → same shape + moved
 *
 * The clock only moves forward (ManualClock); a bad body gets a 400 with what to send, and changes nothing.
 */
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { ManualClock } from '../core/clock.js';
import { emptyTickResult, type PendingView, type TickResult } from '../scheduler/ports.js';
import { localOnly } from './local-only.js';
import { jsonBody } from './server.js';

export interface DevClockDeps {
  readonly clock: ManualClock;
  readonly outbox: PendingView;
  readonly tick: () => Promise<TickResult>;
}

const MAX_MS = 400 * 24 * 3600 * 1000;
/** How many held-back items `next` follows before it gives up and reports. */
const MAX_HOPS = 10;

const advanceBody = z
  .object({
    ms: z.coerce.number().nonnegative().optional(),
    minutes: z.coerce.number().nonnegative().optional(),
    hours: z.coerce.number().nonnegative().optional(),
    days: z.coerce.number().nonnegative().optional(),
  })
  .transform((b) => (b.ms ?? 0) + (b.minutes ?? 0) * 60_000 + (b.hours ?? 0) * 3_600_000 + (b.days ?? 0) * 86_400_000)
  .pipe(z.number().int().positive().max(MAX_MS));

export interface ClockStatus {
  readonly now: string;
  readonly pending: number;
  readonly next: { readonly kind: string; readonly dueAt: string; readonly recipientId: string } | null;
}

export function mountDevClock(router: Router, deps: DevClockDeps): void {
  const status = async (): Promise<ClockStatus> => {
    const now = deps.clock.now();
    const [next, pending] = await Promise.all([deps.outbox.nextPending(now), deps.outbox.countPending()]);
    return {
      now: now.toISOString(),
      pending,
      next: next ? { kind: next.kind, dueAt: next.dueAt.toISOString(), recipientId: next.recipientId } : null,
    };
  };

  router.get('/dev/clock', localOnly, async (_req: Request, res: Response) => {
    res.json(await status());
  });

  router.post('/dev/clock/advance', localOnly, jsonBody('4kb'), async (req: Request, res: Response) => {
    const parsed = advanceBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(400).json({
        error: 'invalid_input',
        message: 'Send {"ms": n}, {"minutes": n}, {"hours": n} or {"days": n}: a positive amount, at most 400 days.',
      });
      return;
    }
    deps.clock.advance(parsed.data);
    const tick = await deps.tick();
    res.json({ ...(await status()), tick });
  });

  router.post('/dev/clock/next', localOnly, async (_req: Request, res: Response) => {
    // Jump to the next pending item and tick; if the dispatcher only held it back (quiet hours, a pause, the daily
    // cap), follow it to its new time, so one press shows the next message that really goes out.
    const total = emptyTickResult();
    let moved = false;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const next = await deps.outbox.nextPending(deps.clock.now());
      if (!next) break;
      deps.clock.advanceTo(next.dueAt);
      moved = true;
      const tick = await deps.tick();
      for (const k of Object.keys(total) as (keyof TickResult)[]) total[k] += tick[k];
      if (tick.sent + tick.skipped + tick.failed > 0 || tick.claimed === 0) break;
    }
    if (!moved) Object.assign(total, await deps.tick());
    res.json({ ...(await status()), moved, tick: total });
  });
}
