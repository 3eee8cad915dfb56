/**
 * Loaded into a bot process for the soak (`node --import tests/chaos/probe.ts`): every `CHAOS_PROBE_MS` (10 s) it
 * appends one JSON line to `CHAOS_PROBE_FILE` with memory and the event-loop delay over that interval. Measurement
 * only: it changes nothing in the bot.
 */
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.CHAOS_PROBE_FILE;
if (file) {
  const every = Number(process.env.CHAOS_PROBE_MS ?? 10_000);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    const line = {
      t: Date.now(),
      rssMb: Math.round(m.rss / 1048576),
      heapUsedMb: Math.round(m.heapUsed / 1048576),
      externalMb: Math.round(m.external / 1048576),
      elP50Ms: Math.round(delay.percentile(50) / 1e4) / 100,
      elP99Ms: Math.round(delay.percentile(99) / 1e4) / 100,
      elMaxMs: Math.round(delay.max / 1e4) / 100,
    };
    delay.reset();
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, every);
  timer.unref();
}
