/**
 * Prometheus metrics (prom-client) at GET /metrics: composition code, like app.ts. What it measures, and where:
 *  - the outbox's depth by kind and the age of its oldest due item: read from the database at scrape time (the
 *    outbox is shared by every instance, so every instance reports the same value; take `max` across instances);
 *  - deliveries by outcome and channel, and platform 429s: a decorator around each channel's Messenger;
 *  - inbound turns by channel and their latency: a decorator around the engine the channels call;
 *  - scheduler ticks: the scheduler's onTick;
 *  - database commands sent by this process (the driver's command monitoring, core/round-trips.ts);
 *  - process metrics (CPU, memory, event loop lag, GC): prom-client's defaults.
 * Labels are closed sets (channels, outcomes, outbox kinds): never a person, a tenant or a message id.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Router } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TurnReceiver } from './core/engine.js';
import { roundTrips } from './core/round-trips.js';
import { DeliveryError, type Messenger } from './core/messenger.js';
import type { TickReport } from './scheduler/index.js';
import type { MongoOperations } from './store/operations.repo.js';

export interface Metrics {
  readonly registry: Registry;
  /** Wraps a channel's messenger so every send is counted. */
  instrumentMessenger(messenger: Messenger): Messenger;
  /** Wraps the engine the channels call, so every inbound turn is counted and timed (its early read passed on). */
  instrumentEngine(engine: TurnReceiver): TurnReceiver;
  onTick(tick: TickReport): void;
}

/** A transient failure that is the platform asking us to slow down (Slack `rate_limited`, Teams `429`). */
export const isRateLimited = (error: unknown): boolean =>
  error instanceof DeliveryError &&
  error.failure.kind === 'transient' &&
  (error.failure.reason === 'rate_limited' || /\b429\b/.test(error.failure.reason));

/** The outbox gauges: read from the database at scrape time. */
function outboxGauges(registers: Registry[], ops: MongoOperations, now: () => Date): void {
  new Gauge({
    name: 'coach_outbox_pending',
    help: 'Scheduled messages waiting in the outbox, by kind (shared by all instances).',
    labelNames: ['kind'] as const,
    registers,
    async collect() {
      this.reset();
      for (const row of await ops.outboxDepth(now())) this.set({ kind: row.kind }, row.pending);
    },
  });
  new Gauge({
    name: 'coach_outbox_oldest_due_age_seconds',
    help: 'How long the oldest due, undelivered outbox item has been due (0 when nothing is due).',
    registers,
    async collect() {
      const oldest = await ops.oldestDue(now());
      this.set(oldest ? Math.max(0, (now().getTime() - oldest.getTime()) / 1000) : 0);
    },
  });
}

function counters(registers: Registry[]) {
  return {
    deliveries: new Counter({
      name: 'coach_deliveries_total',
      help: 'Proactive sends by outcome (sent, retry = transient failure, failed = permanent) and channel.',
      labelNames: ['outcome', 'channel'] as const,
      registers,
    }),
    rateLimited: new Counter({
      name: 'coach_platform_rate_limited_total',
      help: 'Platform 429 answers (Slack rate_limited, Teams 429) by channel.',
      labelNames: ['channel'] as const,
      registers,
    }),
    turns: new Counter({
      name: 'coach_inbound_turns_total',
      help: 'Messages, button presses and form submits received, by channel.',
      labelNames: ['channel'] as const,
      registers,
    }),
    latency: new Histogram({
      name: 'coach_turn_duration_seconds',
      help: 'Time from receiving an inbound event to the engine having the answer, by channel.',
      labelNames: ['channel'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    possibleDuplicates: new Counter({
      name: 'coach_possible_duplicates_total',
      help: 'Scheduled messages sent again after an attempt that may have gone out, on a channel that cannot check (Teams, web).',
      registers,
    }),
    recovered: new Counter({
      name: 'coach_sends_found_after_interruption_total',
      help: 'Scheduled messages whose interrupted send was found on the platform (Slack metadata) and not sent again.',
      registers,
    }),
    ticks: new Counter({
      name: 'coach_scheduler_ticks_total',
      help: 'Scheduler ticks run by this instance.',
      registers,
    }),
    tickSeconds: new Histogram({
      name: 'coach_scheduler_tick_duration_seconds',
      help: 'How long a scheduler tick of this instance took.',
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
      registers,
    }),
  };
}

/** Database round trips of this process: per turn and per delivered message, divide by their counters. */
function commandCounter(registers: Registry[]): void {
  let counted = 0;
  new Counter({
    name: 'coach_db_commands_total',
    help: 'Commands this process sent to MongoDB (round trips).',
    registers,
    collect() {
      const total = roundTrips.total();
      this.inc(total - counted);
      counted = total;
    },
  });
}

/**
 * Time this process waited for the database, by command and collection (`find` on `dialogs`): which query grew slow.
 * Collections are ours (a closed set); never a filter, a value or a person.
 */
function commandTimes(registers: Registry[]): void {
  const reported = new Map<string, { calls: number; seconds: number }>();
  const labelNames = ['command', 'collection'] as const;
  // Both are brought up to date when the first is collected (prom-client collects in registration order).
  const seconds = new Counter({
    name: 'coach_db_command_seconds_total',
    help: 'Seconds spent waiting for database commands, by command and collection (divide by the calls).',
    labelNames,
    registers: [],
  });
  new Counter({
    name: 'coach_db_command_calls_total',
    help: 'Database commands answered, by command and collection.',
    labelNames,
    registers,
    collect() {
      for (const entry of roundTrips.times()) {
        const key = `${entry.command} ${entry.collection}`;
        const before = reported.get(key) ?? { calls: 0, seconds: 0 };
        const labels = { command: entry.command, collection: entry.collection };
        this.inc(labels, entry.calls - before.calls);
        seconds.inc(labels, entry.seconds - before.seconds);
        reported.set(key, { calls: entry.calls, seconds: entry.seconds });
      }
    },
  });
  for (const registry of registers) registry.registerMetric(seconds);
}

export function createMetrics(ops: MongoOperations, now: () => Date): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  commandCounter([registry]);
  commandTimes([registry]);
  outboxGauges([registry], ops, now);
  const { deliveries, rateLimited, turns, latency, ticks, tickSeconds, possibleDuplicates, recovered } = counters([
    registry,
  ]);
  return {
    registry,
    instrumentMessenger: (messenger) => ({
      channel: messenger.channel,
      // The dispatcher's recovery looks on the platform through it (Slack): keep it, and the send options (keys).
      ...(messenger.findSent ? { findSent: messenger.findSent.bind(messenger) } : {}),
      async send(target, replies, options) {
        try {
          const sent = await messenger.send(target, replies, options);
          deliveries.inc({ outcome: 'sent', channel: messenger.channel });
          return sent;
        } catch (error) {
          const permanent = error instanceof DeliveryError && error.failure.kind === 'permanent';
          deliveries.inc({ outcome: permanent ? 'failed' : 'retry', channel: messenger.channel });
          if (isRateLimited(error)) rateLimited.inc({ channel: messenger.channel });
          throw error;
        }
      },
    }),
    instrumentEngine: (engine) => {
      // Passed on, or the Slack inbox would read the person only after storing the event: a round trip more to wait for.
      const arriveEarly = engine.arriveEarly?.bind(engine);
      return {
        ...(arriveEarly ? { arriveEarly } : {}),
        async receive(event, options) {
          const channel = event.from.channel;
          turns.inc({ channel });
          const end = latency.startTimer({ channel });
          try {
            return await engine.receive(event, options);
          } finally {
            end();
          }
        },
      };
    },
    onTick(tick) {
      ticks.inc();
      if (tick.result.possibleDuplicates > 0) possibleDuplicates.inc(tick.result.possibleDuplicates);
      if (tick.result.recovered > 0) recovered.inc(tick.result.recovered);
      tickSeconds.observe(tick.durationMs / 1000);
    },
  };
}

/**
 * GET /metrics. `METRICS=off` mounts nothing (404). With `METRICS_TOKEN` set, a scrape must send
 * `Authorization: Bearer <token>`; anything else gets 401 and no data.
 */
export function mountMetrics(router: Router, metrics: Metrics, token: string | undefined): void {
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  router.get('/metrics', (req, res) => {
    if (expected) {
      const given = Buffer.from(req.get('authorization') ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.status(401).set('WWW-Authenticate', 'Bearer').type('text/plain').send('metrics need a bearer token\n');
        return;
      }
    }
    metrics.registry.metrics().then(
      (body) => res.type(metrics.registry.contentType).send(body),
      () => res.status(503).type('text/plain').send('metrics are not available right now\n'),
    );
  });
}
