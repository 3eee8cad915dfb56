/**
 * One dispatcher instance in its own process (as a second server would be): warms up on a throw-away database,
 * connects, builds the app on a frozen clock, says "ready", and on "go" ticks until nothing claimable is due, then
 * reports what it did.
 * The messenger is a fake that only counts; the resumer is a fake that renders one line, so the figures measure the
 * scheduler (claims, log, planning the next nudge), not the coaching domain's rendering.
 */
import { createApp } from '../src/app.js';
import { FixedClock } from '../src/core/clock.js';
import type { ResumeEvent } from '../src/core/events.js';
import { silentLogger } from '../src/core/logger.js';
import type { Messenger, MessengerTarget, SentMessage } from '../src/core/messenger.js';
import type { Reply } from '../src/core/reply.js';
import { createDispatcher } from '../src/scheduling.js';
import { emptyTickResult, type TickResult } from '../src/scheduler/ports.js';
import { connectMongo } from '../src/store/connection.js';
import { roundTrips } from '../src/core/round-trips.js';
import { seed } from './seed.js';

export interface WorkerStart {
  readonly type: 'start';
  readonly uri: string;
  readonly dbName: string;
  readonly instanceId: string;
  readonly now: string;
}
export type WorkerMessage =
  | { readonly type: 'ready' }
  | {
      readonly type: 'done';
      readonly result: TickResult;
      readonly ms: number;
      readonly sends: number;
      readonly cpuMs: number;
      /** Database commands sent during the run (the driver's command monitoring). */
      readonly commands: number;
      /** Resident memory at the end of the run, and the process's peak, in MB. */
      readonly rssMb: number;
      readonly maxRssMb: number;
    };

class CountingMessenger implements Messenger {
  readonly channel = 'web' as const;
  sends = 0;
  async send(_target: MessengerTarget, _replies: readonly Reply[]): Promise<SentMessage> {
    this.sends++;
    return { messageId: `bench-${this.sends}` };
  }
}

const resumer = {
  resume: async (_personId: string, event: ResumeEvent): Promise<readonly Reply[]> => [
    { text: `${event.kind} ${String(event.payload.agreementId)}` },
  ],
};

const send = (message: WorkerMessage): void => {
  process.send?.(message);
};

const settings = {
  defaultLocale: 'en' as const,
  defaultTimeZone: 'Europe/Amsterdam',
  workStart: '09:00',
  workEnd: '17:30',
};

/** Runs every code path once in this process (V8 and the driver warm up) on a throw-away database. */
async function warmUp(uri: string, dbName: string, now: string): Promise<void> {
  const connection = await connectMongo(uri, { dbName, serverSelectionTimeoutMS: 30_000 });
  await connection.dropDatabase();
  const app = await createApp({ connection, clock: new FixedClock(now), logger: silentLogger, settings });
  if (!connection.db) throw new Error('no database');
  await seed(connection.db, 20_000, () => undefined);
  await createDispatcher(app, [new CountingMessenger()], { instanceId: 'warm-up', resumer }).tick();
  await connection.dropDatabase();
  await connection.close();
}

process.on('message', async (message: WorkerStart | { type: 'go' }) => {
  if (message.type === 'start') {
    await warmUp(message.uri, `${message.dbName}_warm_${message.instanceId}`, message.now);
    const connection = await connectMongo(message.uri, { dbName: message.dbName, serverSelectionTimeoutMS: 30_000 });
    const clock = new FixedClock(message.now);
    const app = await createApp({ connection, clock, logger: silentLogger, settings });
    const messenger = new CountingMessenger();
    const dispatcher = createDispatcher(app, [messenger], { instanceId: message.instanceId, resumer });
    process.once('message', async () => {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const commandsBefore = roundTrips.total();
      const total = emptyTickResult();
      for (;;) {
        const r = await dispatcher.tick();
        for (const k of Object.keys(total) as (keyof TickResult)[]) total[k] += r[k];
        if (r.claimed === 0) break;
      }
      const used = process.cpuUsage(cpu);
      send({
        type: 'done',
        result: total,
        ms: performance.now() - started,
        sends: messenger.sends,
        cpuMs: (used.user + used.system) / 1000,
        commands: roundTrips.total() - commandsBefore,
        rssMb: process.memoryUsage().rss / 2 ** 20,
        maxRssMb: process.resourceUsage().maxRSS / 1024,
      });
      await connection.close();
      process.exit(0);
    });
    send({ type: 'ready' });
  }
});
